// What card buttons send back to the bot, with the schema that every incoming card value is checked against.
import { z } from 'zod';

const shortText = z.string().trim().min(1).max(500);

export const FLOWS = ['eligibility', 'question', 'request', 'myRequests'] as const;

export const CardActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('menu') }),
  z.object({ action: z.literal('start'), flow: z.enum(FLOWS) }),
  z.object({ action: z.literal('ask'), question: shortText }),
  z.object({ action: z.literal('feedback'), entryId: z.string().max(80), helpful: z.boolean() }),
  /** the details behind an answer's "More" (a host that cannot toggle them in place asks the bot) */
  z.object({ action: z.literal('more'), entryId: z.string().max(80) }),
  // withNote: the request carries a redacted note of what was asked earlier in the conversation (kept in its state)
  z.object({ action: z.literal('raise'), requestType: z.string().max(40).optional(), entryId: z.string().max(80).optional(), withNote: z.boolean().optional() }),
  /** the full outcome of the eligibility check just finished, after the short route line that followed an answer */
  z.object({ action: z.literal('showRoute') }),
  /** an answer button inside a journey: stands for typing `value`, so buttons and typing take one path */
  z.object({ action: z.literal('choose'), value: shortText }),
  // the summary card of a helpdesk request: nonce is the card's one-time id
  z.object({
    action: z.literal('request'),
    op: z.enum(['confirm', 'change', 'cancel']),
    nonce: z.string().min(1).max(64),
    field: z.string().max(40).optional(),
  }),
  // a ticket card in the Teams helpdesk channel; question comes from the card's text box
  z.object({
    action: z.literal('ticket'),
    op: z.enum(['assign', 'resolve', 'ask']),
    ref: z.string().max(20),
    question: z.string().max(2000).optional(),
  }),
]);
export type CardAction = z.infer<typeof CardActionSchema>;

/** An Adaptive Card submit button carrying one of the actions above. */
export function submit(title: string, data: CardAction, style?: 'positive' | 'destructive') {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}
