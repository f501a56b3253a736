// The one catalogue of errors the HTTP routes answer with: each code has one status and a user-safe message (its words in
// content/replies.yaml under http.error.*), and httpError() turns an entry into the answer.
import { defaultReplies } from '../../knowledge/loader.js';
import type { ReplyVars } from '../../knowledge/replies.js';
import type { HttpOutcome } from './outcome.js';

/** One error: its code (what clients branch on), its status, and the words a caller reads, given the values they mention. */
export interface ErrorEntry<A extends unknown[] = unknown[]> {
  readonly code: string;
  readonly status: number;
  readonly message: (...args: A) => string;
  /** the reply keys (content/replies.yaml) its message may use */
  readonly keys: readonly string[];
  /** seconds sent as Retry-After unless the route gives its own */
  readonly retryAfter?: number;
}

/** A message is a reply key, or a choice of reply keys (with the values they mention) by the entry's arguments. */
type Message<A extends unknown[]> = string | { readonly keys: readonly string[]; readonly pick: (...args: A) => readonly [key: string, vars?: ReplyVars] };

function entry<A extends unknown[] = []>(code: string, status: number, message: Message<A>, retryAfter?: number): ErrorEntry<A> {
  const keys = typeof message === 'string' ? [message] : message.keys;
  const render = (...args: A): string => {
    const [key, vars] = typeof message === 'string' ? [message] : message.pick(...args);
    return defaultReplies().t(key, vars ?? {});
  };
  return { code, status, keys, message: render, ...(retryAfter ? { retryAfter } : {}) };
}

/** "Activity field "<field>" <problem>." or, with no field, the sentence for a body that is not an activity at all. */
const activityField = (notAnActivity: string): Message<[field?: string, problem?: string]> => ({
  keys: [notAnActivity, 'http.error.activityField'],
  pick: (field, problem) =>
    field === undefined ? [notAnActivity] : ['http.error.activityField', { field: field || 'activity', problem: problem ?? 'is invalid' }],
});

/** Every error an HTTP route, the Direct Line or restify itself answers with. */
export const ERRORS = {
  internal: entry('internal_error', 500, 'http.error.internal'),

  // the HTTP layer (bot/http/server.ts), including restify's own errors under the codes restify gives them
  unsupportedEncoding: entry('unsupported_content_encoding', 415, {
    keys: ['http.error.compressed', 'http.error.transferEncoding'],
    pick: (header: 'Content-Encoding' | 'Transfer-Encoding') => [header === 'Content-Encoding' ? 'http.error.compressed' : 'http.error.transferEncoding'],
  }),
  unsupportedMediaType: entry('unsupported_media_type', 415, 'http.error.notJson'),
  payloadTooLarge: entry('PayloadTooLarge', 413, {
    keys: ['http.error.tooLarge'],
    pick: (maxBodyBytes: number) => ['http.error.tooLarge', { kb: Math.floor(maxBodyBytes / 1024) }],
  }),
  invalidJson: entry('InvalidContent', 400, 'http.error.invalidJson'),
  badDigest: entry('BadDigest', 400, 'http.error.badDigest'),
  routeNotFound: entry('ResourceNotFound', 404, { keys: ['http.error.noRoute'], pick: (path: string) => ['http.error.noRoute', { path }] }),
  methodNotAllowed: entry('MethodNotAllowed', 405, { keys: ['http.error.method'], pick: (method: string) => ['http.error.method', { method }] }),
  badRequest: entry('bad_request', 400, 'http.error.badRequest'),
  invalidBody: entry('invalid_body', 400, {
    keys: ['http.error.notTicketChange', 'http.error.tooDeep', 'http.error.problem'],
    pick: (problem: { depth: number } | 'notTicketChange' | { issue: string }) =>
      problem === 'notTicketChange'
        ? ['http.error.notTicketChange']
        : 'depth' in problem
          ? ['http.error.tooDeep', { depth: problem.depth }]
          : ['http.error.problem', { problem: problem.issue }],
  }),

  // POST /api/messages and the bot's invokes
  invalidActivity: entry('invalid_activity', 400, activityField('http.error.notAnActivity')),
  serviceUrlNotAllowed: entry('service_url_not_allowed', 403, 'http.error.serviceUrl'),
  unauthorized: entry('unauthorized', 401, {
    keys: ['http.error.botToken', 'http.error.directLineToken', 'http.error.helpdeskKey'],
    pick: (credential: 'bot' | 'directLine' | 'helpdesk') =>
      [credential === 'bot' ? 'http.error.botToken' : credential === 'directLine' ? 'http.error.directLineToken' : 'http.error.helpdeskKey'],
  }),
  authUnavailable: entry('auth_unavailable', 503, 'http.error.authUnavailable', 5),
  serviceUnavailable: entry('service_unavailable', 503, 'http.error.serviceUnavailable', 5),
  conversationBusy: entry('conversation_busy', 503, 'http.error.conversationBusy', 1),
  unsupportedInvoke: entry('unsupported_invoke', 400, { keys: ['http.error.invoke'], pick: (name: string) => ['http.error.invoke', { name }] }),

  // the Direct Line, local and Azure
  tooManyRequests: entry('too_many_requests', 429, {
    keys: ['http.error.tooManyChats', 'http.error.tooManyMessages'],
    pick: (what: 'chats' | 'messages') => [what === 'chats' ? 'http.error.tooManyChats' : 'http.error.tooManyMessages'],
  }),
  tooManyConversations: entry('too_many_conversations', 429, 'http.error.chatsFull', 60),
  tokenExpired: entry('token_expired', 403, 'http.error.tokenExpired'),
  forbidden: entry('forbidden', 403, {
    keys: ['http.error.otherConversation', 'http.error.notTheBot'],
    pick: (why: 'otherConversation' | 'notTheBot') => [why === 'otherConversation' ? 'http.error.otherConversation' : 'http.error.notTheBot'],
  }),
  badArgument: entry('bad_argument', 400, activityField('http.error.notABotActivity')),
  botError: entry('bot_error', 502, 'http.error.botError'),
  directLineUpstream: entry('directline_upstream_error', 502, 'http.error.directLineUpstream'),
  directLineUnavailable: entry('directline_unavailable', 503, 'http.error.directLineOff'),

  // the ticket API
  notFound: entry('not_found', 404, {
    keys: ['http.error.noConversation', 'http.error.noActivity', 'http.error.noTicket', 'http.error.noSuchTicket'],
    pick: (what: 'conversation' | 'activity' | { ticket: string | undefined }) =>
      what === 'conversation'
        ? ['http.error.noConversation']
        : what === 'activity'
          ? ['http.error.noActivity']
          : what.ticket
            ? ['http.error.noTicket', { ref: what.ticket }]
            : ['http.error.noSuchTicket'],
  }),
  ssoUnavailable: entry('sso_unavailable', 503, 'http.error.ssoUnavailable'),
  invalidQuery: entry('invalid_query', 400, {
    keys: ['http.error.badCursor', 'http.error.problem'],
    pick: (problem: 'cursor' | { issue: string }) => (problem === 'cursor' ? ['http.error.badCursor'] : ['http.error.problem', { problem: problem.issue }]),
  }),
  // the insights API
  missingRole: entry('missing_role', 403, 'http.error.missingRole'),
  noInsightsTable: entry('no_such_table', 404, { keys: ['http.error.noTable'], pick: (tables: readonly string[]) => ['http.error.noTable', { tables: tables.join(', ') }] }),
  invalidRange: entry('invalid_range', 400, { keys: ['http.error.range'], pick: (problem: string) => ['http.error.range', { problem }] }),

  invalidTransition: entry('invalid_transition', 400, {
    keys: ['http.error.transition'],
    pick: (from: string, to: string) => ['http.error.transition', { from, to }],
  }),
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
