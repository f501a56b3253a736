// The one way to keep a conversation reference for later (proactive replies, ticket updates): botbuilder's, copied to plain JSON.
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';

/**
 * The reference for replying into an activity's conversation later, as plain JSON (no undefined fields or shared
 * objects), ready to store. `conversationId` replaces the conversation's id (a Teams channel rather than a thread);
 * `withoutActivityId` leaves out the activity, for messages that start a thread of their own.
 */
export function storableReference(
  activity: Partial<Activity>,
  options: { conversationId?: string; withoutActivityId?: boolean } = {},
): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  if (options.conversationId !== undefined) reference.conversation = { ...reference.conversation!, id: options.conversationId };
  if (options.withoutActivityId) delete reference.activityId;
  return JSON.parse(JSON.stringify(reference)) as Partial<ConversationReference>;
}
