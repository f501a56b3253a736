// The one place turns are observed for insights: the metas of the messages a turn sends, collected as they leave, handed to the recorder when the turn ends.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { TurnRecord } from './recorder.js';

/** Set by the bot when it routes a message: whether a journey was under way as the turn began. */
export const JOURNEY_BEFORE = Symbol('nhsmail.insights.journeyBefore');

export interface TurnWatch {
  /** forgets what was sent (the turn is run again and its buffered replies were dropped) */
  reset(): void;
  /** records the turn, once; `journeyAfter` is asked only when no reply says what it was */
  finish(journeyAfter: () => Promise<boolean>): Promise<void>;
}

/** Something that takes turn records (the InsightsRecorder). */
export interface TurnRecorderLike {
  recordTurn(turn: TurnRecord): void;
}

/** Watches `context` for the messages it sends; `finish` records them with the turn's question and shape. */
export function watchTurn(context: TurnContext, recorder: TurnRecorderLike, now: () => Date = () => new Date()): TurnWatch {
  let metas: (Record<string, unknown> | undefined)[] = [];
  let finished = false;
  context.onSendActivities((_ctx, activities, next) => {
    for (const a of activities) {
      if (a.type === ActivityTypes.Message) metas.push((a.channelData as { nhsmail?: Record<string, unknown> } | undefined)?.nhsmail);
    }
    return next();
  });
  return {
    reset: () => {
      metas = [];
    },
    finish: async (journeyAfter) => {
      if (finished || !metas.length) return;
      finished = true;
      const after = metas.some((m) => typeof m?.['kind'] === 'string') ? false : await journeyAfter();
      const a = context.activity;
      const value = a.value as { action?: unknown; question?: unknown } | undefined;
      const question = a.text || (value?.action === 'ask' && typeof value.question === 'string' ? value.question : undefined);
      recorder.recordTurn({
        at: now(),
        channelId: a.channelId,
        conversationId: a.conversation?.id,
        userId: a.from?.id,
        metas,
        ...(question ? { question } : {}),
        journeyBefore: context.turnState.get(JOURNEY_BEFORE) === true,
        journeyAfter: after,
      });
    },
  };
}
