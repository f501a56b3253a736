// The one catalogue of errors the HTTP routes answer with: each code has one status and a user-safe message, and httpError() turns an entry into the answer.
import type { HttpOutcome } from './outcome.js';

/** One error: its code (what clients branch on), its status, and the words a caller reads, given the values they mention. */
export interface ErrorEntry<A extends unknown[] = unknown[]> {
  readonly code: string;
  readonly status: number;
  readonly message: (...args: A) => string;
  /** seconds sent as Retry-After unless the route gives its own */
  readonly retryAfter?: number;
}

function entry<A extends unknown[] = []>(
  code: string,
  status: number,
  message: string | ((...args: A) => string),
  retryAfter?: number,
): ErrorEntry<A> {
  return { code, status, message: typeof message === 'string' ? () => message : message, ...(retryAfter ? { retryAfter } : {}) };
}

/** "Activity field "<field>" <problem>." or, with no field, the sentence for a body that is not an activity at all. */
const activityField = (notAnActivity: string) => (field?: string, problem?: string) =>
  field === undefined ? notAnActivity : `Activity field "${field || 'activity'}" ${problem ?? 'is invalid'}.`;

/** Every error an HTTP route, the Direct Line or restify itself answers with. */
export const ERRORS = {
  internal: entry('internal_error', 500, 'Sorry, something went wrong.'),

  // the HTTP layer (bot/http/server.ts), including restify's own errors under the codes restify gives them
  unsupportedEncoding: entry('unsupported_content_encoding', 415, (header: 'Content-Encoding' | 'Transfer-Encoding') =>
    header === 'Content-Encoding'
      ? 'Compressed request bodies are not accepted: send the body without Content-Encoding.'
      : 'Compressed request bodies are not accepted: send the body without a Transfer-Encoding other than chunked.',
  ),
  unsupportedMediaType: entry('unsupported_media_type', 415, 'Request bodies must be JSON: send Content-Type: application/json.'),
  payloadTooLarge: entry('PayloadTooLarge', 413, (maxBodyBytes: number) => `The request body is larger than the limit of ${Math.floor(maxBodyBytes / 1024)} KB.`),
  invalidJson: entry('InvalidContent', 400, 'The body is not valid JSON.'),
  badDigest: entry('BadDigest', 400, 'The body does not match its Content-MD5 header.'),
  routeNotFound: entry('ResourceNotFound', 404, (path: string) => `${path} does not exist`),
  methodNotAllowed: entry('MethodNotAllowed', 405, (method: string) => `${method} is not allowed`),
  badRequest: entry('bad_request', 400, 'The request could not be understood.'),
  invalidBody: entry('invalid_body', 400, (problem: { depth: number } | 'notTicketChange' | { issue: string }) =>
    problem === 'notTicketChange'
      ? 'The body must be a JSON object such as {"status": "in-progress"}.'
      : 'depth' in problem
        ? `The JSON body nests more than ${problem.depth} levels deep.`
        : problem.issue,
  ),

  // POST /api/messages and the bot's invokes
  invalidActivity: entry('invalid_activity', 400, activityField('The request body must be a JSON object (a Bot Framework activity).')),
  serviceUrlNotAllowed: entry(
    'service_url_not_allowed',
    403,
    'Replies can only be sent to a loopback serviceUrl or one on SERVICE_URL_ALLOWLIST when the bot runs without MicrosoftAppId. Use deliveryMode "expectReplies" to get replies in the response.',
  ),
  unauthorized: entry('unauthorized', 401, (credential: 'bot' | 'directLine' | 'helpdesk') =>
    credential === 'bot'
      ? 'A valid Bot Framework token is required.'
      : credential === 'directLine'
        ? 'A Direct Line token is required (Authorization: Bearer <token>).'
        : 'A valid helpdesk API key is required: Authorization: Bearer <key>.',
  ),
  authUnavailable: entry('auth_unavailable', 503, 'The token could not be checked just now. Please retry.', 5),
  serviceUnavailable: entry('service_unavailable', 503, 'The service is briefly unavailable. Please retry shortly.', 5),
  conversationBusy: entry('conversation_busy', 503, 'This conversation is busy with another message. Please retry.', 1),
  unsupportedInvoke: entry('unsupported_invoke', 400, (name: string) => `Invoke "${name}" is not supported.`),

  // the Direct Line, local and Azure
  tooManyRequests: entry('too_many_requests', 429, (what: 'chats' | 'messages') =>
    what === 'chats'
      ? 'You have opened a lot of chats in a short time. Please wait a moment and try again.'
      : 'Messages are arriving faster than we can take them. Please wait a moment and send yours again.',
  ),
  tooManyConversations: entry('too_many_conversations', 429, 'Too many chats are open just now. Please try again in a few minutes.', 60),
  tokenExpired: entry('token_expired', 403, 'The token has expired or is not valid. Start a new conversation.'),
  forbidden: entry('forbidden', 403, (why: 'otherConversation' | 'notTheBot') =>
    why === 'otherConversation' ? 'This token is for another conversation.' : 'The connector only takes calls from the bot itself.',
  ),
  badArgument: entry('bad_argument', 400, activityField('The body must be an activity.')),
  botError: entry('bot_error', 502, 'The bot could not take that message. Please try again.'),
  directLineUpstream: entry('directline_upstream_error', 502, 'The chat service is not available just now. Please try again later.'),
  directLineUnavailable: entry('directline_unavailable', 503, 'Web chat is not configured on this server.'),

  // the ticket API
  notFound: entry('not_found', 404, (what: 'conversation' | 'activity' | { ticket: string | undefined }) =>
    what === 'conversation'
      ? 'No such conversation (it may have expired).'
      : what === 'activity'
        ? 'No such activity in this conversation.'
        : `There is no ticket ${what.ticket ?? 'with that reference'}.`,
  ),
  ssoUnavailable: entry('sso_unavailable', 503, 'Teams sign-in cannot be checked just now. Use the helpdesk key, or try again shortly.'),
  invalidQuery: entry('invalid_query', 400, (problem: 'cursor' | { issue: string }) =>
    problem === 'cursor' ? 'cursor: not one this API returned' : problem.issue,
  ),
  invalidTransition: entry('invalid_transition', 400, (from: string, to: string) => `status cannot change from ${from} to ${to}`),
} as const;

/** The answer for a catalogue entry: its status, the one error body shape, and Retry-After when it has one. */
export function httpError<A extends unknown[]>(error: ErrorEntry<A>, ...args: A): HttpOutcome {
  const out: HttpOutcome = { status: error.status, body: { error: { code: error.code, message: error.message(...args) } } };
  if (error.retryAfter) out.retryAfter = error.retryAfter;
  return out;
}

/** Thrown by a route handler to answer with a catalogue entry; safe() sends it. */
export class HttpError extends Error {
  readonly outcome: HttpOutcome;
  constructor(outcome: HttpOutcome) {
    super((outcome.body as { error: { code: string } }).error.code);
    this.name = 'HttpError';
    this.outcome = outcome;
  }
}

/** Throws the answer for a catalogue entry from inside a handler wrapped in safe(). */
export function fail<A extends unknown[]>(error: ErrorEntry<A>, ...args: A): never {
  throw new HttpError(httpError(error, ...args));
}
