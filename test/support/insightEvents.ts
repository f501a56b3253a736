// Insight events for tests: a web chat turn by conversation and person number, as the recorder would store it.
import { dayOf, type InsightEvent } from '../../bot/insights/events.js';

export const turn = (at: string, n: number, kind: InsightEvent['kind'], extra: Partial<InsightEvent> = {}): InsightEvent => ({
  at,
  day: dayOf(at),
  channel: 'webchat',
  conversation: `C${n}`,
  person: `P${n}`,
  kind,
  ...extra,
});
