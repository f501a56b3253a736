// A helpdesk request is personal: it is taken only in a personal chat, and only the person who started it may answer or send it.
import type { Activity } from 'botbuilder';
import type { Replies } from '../knowledge/replies.js';

/** Who began a journey, as the channel identifies them. */
export interface JourneyOwner {
  id: string;
  aadObjectId?: string;
}

/** A Teams group chat or channel (or any conversation the channel marks as a group): everyone there sees every reply. */
export function isSharedConversation(activity: Pick<Activity, 'conversation'>): boolean {
  const c = activity.conversation as { conversationType?: unknown; isGroup?: unknown } | undefined;
  return c?.conversationType === 'groupChat' || c?.conversationType === 'channel' || c?.isGroup === true;
}

export function ownerOf(activity: Pick<Activity, 'from'>): JourneyOwner {
  const aad = activity.from?.aadObjectId;
  return { id: activity.from.id, ...(aad ? { aadObjectId: aad } : {}) };
}

/** Whether this activity comes from the journey's owner: the same id, and the same Entra object id when one was known. */
export function isOwner(owner: JourneyOwner, activity: Pick<Activity, 'from'>): boolean {
  if (activity.from?.id !== owner.id) return false;
  return !owner.aadObjectId || activity.from.aadObjectId === owner.aadObjectId;
}

/**
 * Where to raise a request instead of a shared conversation: in Teams, a deep link that opens a
 * personal chat with the bot (when its app id is known); elsewhere, to open a chat with the bot.
 */
export function personalChatReply(replies: Replies, activity: Pick<Activity, 'channelId'>, botAppId: string | undefined): string {
  if (botAppId && activity.channelId === 'msteams') {
    return replies.t('request.personalChat.link', { link: `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}` });
  }
  return replies.t('request.personalChat.noLink');
}
