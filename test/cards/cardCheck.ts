// Runs a card through the Adaptive Cards parser the channels use, and finds the buttons it carries.
import { createRequire } from 'node:module';
import type { AdaptiveCardJson } from '../../cards/elements.js';

interface AcModule {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new () => { readonly eventCount: number; getEventAt(i: number): { message: string } };
}
// The package's ESM entry cannot be loaded by plain Node (extension-less imports); its UMD bundle can.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AcModule;

/** Parser and validation messages for a card; empty when the card is valid. */
export function cardProblems(json: AdaptiveCardJson): string[] {
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  card.parse(json, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(ctx.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) out.push(e.message);
  return out;
}

/** The data of every Action.Submit in a card, wherever it is nested. */
export function submits(json: unknown): unknown[] {
  const found: unknown[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o['type'] === 'Action.Submit') found.push(o['data']);
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return found;
}
