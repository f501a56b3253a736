// npm run fuzz:http: the real bot in a child process, sent thousands of mutated activities and API calls over
// loopback; any 5xx, hang, crash or turn that throws a TypeError fails the run. runFuzz() is also what the in-suite fuzz test drives.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FLOWS } from '../cards/actions.js';
import { TICKET_STATUSES, TICKET_TYPES } from '../helpdesk/model.js';
import { PROJECT_ROOT } from '../lib/paths.js';

/** One request as generated; `$TOKEN`, `$CONV`, `$REF`, `$NONCE`, `$KEY` and `$SINK` are filled in when it is sent. */
export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
}

export interface FuzzFailure {
  request: FuzzRequest;
  status: number | 'timeout';
  body: string;
}

export interface FuzzReport {
  runs: number;
  durationMs: number;
  /** count per HTTP status; `error` is a connection the server reset before answering */
  statuses: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  failures: FuzzFailure[];
  networkErrors: { request: FuzzRequest; error: string }[];
  /** what the seeding found: Direct Line conversations and tickets filed through chat */
  seeded: { conversations: number; tickets: number };
}

export interface FuzzOptions {
  baseUrl: string;
  apiKey: string;
  runs: number;
  seed: number;
  /** requests in flight at once */
  concurrency?: number;
  timeLimitMs?: number;
  requestTimeoutMs?: number;
  /** stops the run early (the bot died) */
  aborted?: () => boolean;
}

// ---------- generators ----------

const COMMANDS = [
  'menu', 'help', 'start over', 'cancel', 'hi', 'what is an ods code?', 'how do I reset my password', "I'm locked out",
  'raise a request', 'my requests', 'check my eligibility', 'register helpdesk channel', 'yes', 'no', 'send', 'change',
  'Jane Smith', 'jane.smith@nhs.net', '07700 900123', 'Sunrise Care Home', 'V12345', 'NHSM-000001', '<at>NHSmail Assistant</at> menu',
];

const weirdStrings = fc.constantFrom(
  '', ' ', '\u0000', '\u202e', '__proto__', 'constructor', 'toString', '<at>bot</at>', '<script>alert(1)</script>', '${x}', '{{x}}',
  '../../etc/passwd', '%00', 'NHSM-000001', '💥'.repeat(50), 'a\r\nb', '[x](https://evil.invalid)', '![i](http://127.0.0.1:1/i.png)',
);
const bigString = fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'x'.repeat(n));

/** Any JSON-ish value, from the dull to the hostile. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  weirdStrings,
  bigString,
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'id', 'type')), fc.anything({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.anything({ maxDepth: 3 }),
);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMMANDS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 1, arbitrary: weirdStrings },
);

/** Card submits shaped like the bot's own buttons (cards/actions.ts), valid and not. */
const cardValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        action: fc.constantFrom('menu', 'start', 'ask', 'feedback', 'raise', 'choose', 'request', 'ticket', 'nope'),
        flow: fc.constantFrom(...FLOWS, 'nope'),
        question: fc.oneof(text, odd),
        entryId: fc.constantFrom('ods-code', 'password-reset', 'nope'),
        helpful: fc.oneof(fc.boolean(), odd),
        requestType: fc.constantFrom(...TICKET_TYPES, 'nope'),
        value: fc.oneof(text, odd),
        op: fc.constantFrom('confirm', 'change', 'cancel', 'assign', 'resolve', 'ask', 'nope'),
        nonce: fc.oneof(fc.constant('$NONCE'), fc.string({ maxLength: 70 })),
        field: fc.constantFrom('name', 'email', 'mobile', 'organisation', 'odsCode', 'nope'),
        ref: fc.constantFrom('$REF', 'NHSM-000001', 'NHSM-999999', 'x'),
      },
      { requiredKeys: ['action'] },
    ),
  },
  { weight: 1, arbitrary: odd },
);

const ACTIVITY_PATHS = [
  'type', 'id', 'channelId', 'serviceUrl', 'conversation', 'conversation.id', 'conversation.conversationType', 'conversation.tenantId',
  'conversation.isGroup', 'from', 'from.id', 'from.name', 'from.aadObjectId', 'recipient', 'recipient.id', 'text', 'value', 'entities',
  'entities.0', 'entities.0.type', 'entities.0.mentioned', 'membersAdded', 'membersAdded.0', 'membersRemoved', 'channelData',
  'channelData.tenant', 'channelData.team', 'channelData.team.id', 'attachments', 'locale', 'replyToId', 'name', 'timestamp',
  'deliveryMode', 'action', 'reactionsAdded', 'relatesTo', 'textFormat', '__proto__', 'constructor',
] as const;

/** `$SINK` is a stand-in connector the run serves on loopback; port 1 refuses (and the connector client retries). */
const SERVICE_URLS = ['$SINK', '$SINK', '$SINK', '$SINK', '$SINK', '$SINK', 'http://127.0.0.1:1/', 'http://[::1]:1/', 'not a url', '', 'ftp://127.0.0.1/'];
const CONVERSATIONS = 12;

/** A plausible activity: one of a few conversations, a channel, a text or card submit, Teams details sometimes. */
const baseActivity = fc
  .record({
    type: fc.constantFrom('message', 'message', 'message', 'message', 'conversationUpdate', 'invoke', 'event', 'messageReaction', 'installationUpdate', 'typing', 'endOfConversation'),
    channelId: fc.constantFrom('webchat', 'webchat', 'msteams', 'directline', 'emulator'),
    conversation: fc.integer({ min: 0, max: CONVERSATIONS - 1 }),
    conversationType: fc.constantFrom(undefined, 'personal', 'channel', 'groupChat'),
    text: fc.option(text, { nil: undefined }),
    value: fc.option(cardValue, { freq: 3, nil: undefined }),
    expectReplies: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    nonce: fc.nat(),
    serviceUrl: fc.constantFrom(...SERVICE_URLS),
    mention: fc.boolean(),
    members: fc.boolean(),
    name: fc.constantFrom(undefined, 'adaptiveCard/action', 'task/fetch', 'signin/verifyState', 'composeExtension/query', 'nope'),
  })
  .map((a) => {
    const conversationId = a.channelId === 'msteams' && a.conversationType === 'channel' ? `19:fuzz-${a.conversation}@thread.tacv2` : `fuzz-conv-${a.conversation}`;
    return {
      type: a.type,
      id: `fuzz-${a.conversation}-${a.nonce}`,
      channelId: a.channelId,
      serviceUrl: a.serviceUrl,
      ...(a.expectReplies ? { deliveryMode: 'expectReplies' } : {}),
      conversation: { id: conversationId, ...(a.conversationType ? { conversationType: a.conversationType, tenantId: 'fuzz-tenant' } : {}) },
      from: { id: `fuzz-user-${a.conversation}`, name: 'Fuzz', aadObjectId: `00000000-0000-0000-0000-00000000000${a.conversation % 10}` },
      recipient: { id: 'fuzz-bot', name: 'NHSmail Assistant' },
      ...(a.text !== undefined ? { text: a.mention ? `<at>NHSmail Assistant</at> ${a.text}` : a.text } : {}),
      ...(a.value !== undefined ? { value: a.value } : {}),
      ...(a.mention ? { entities: [{ type: 'mention', text: '<at>NHSmail Assistant</at>', mentioned: { id: 'fuzz-bot', name: 'NHSmail Assistant' } }] } : {}),
      ...(a.members ? { membersAdded: [{ id: 'fuzz-bot' }, { id: `fuzz-user-${a.conversation}` }] } : {}),
      ...(a.channelId === 'msteams' ? { channelData: { tenant: { id: 'fuzz-tenant' }, ...(a.conversationType === 'channel' ? { team: { id: '19:fuzz-team@thread.tacv2' }, channel: { id: conversationId } } : {}) } } : {}),
      ...(a.type === 'invoke' || a.type === 'event' ? { name: a.name } : {}),
      ...(a.type === 'installationUpdate' ? { action: 'add' } : {}),
      locale: 'en-GB',
    } as Record<string, unknown>;
  });

/** Sets (or deletes, for `undefined`) the value at a dotted path, creating objects on the way. */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node: Record<string, unknown> = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    if (!Object.hasOwn(node, key) || typeof node[key] !== 'object' || node[key] === null) node[key] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

const mutatedActivity = fc
  .tuple(baseActivity, fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.constantFrom(...ACTIVITY_PATHS), fc.option(odd, { nil: undefined })), { minLength: 1, maxLength: 3 })))
  .map(([activity, mutations]) => {
    for (const [where, value] of mutations) setPath(activity, where, value);
    return activity;
  });

const json = { 'content-type': 'application/json' };

const messages: fc.Arbitrary<FuzzRequest> = fc
  .tuple(mutatedActivity, fc.constantFrom('none', 'none', 'none', 'garbage', 'jwt'))
  .map(([activity, auth]) => ({
    kind: 'messages',
    method: 'POST',
    path: '/api/messages',
    headers: { ...json, ...authHeader(auth) },
    body: JSON.stringify(activity),
  }));

function authHeader(kind: string): Record<string, string> {
  switch (kind) {
    case 'key':
      return { authorization: 'Bearer $KEY' };
    case 'token':
      return { authorization: 'Bearer $TOKEN' };
    case 'garbage':
      return { authorization: 'Bearer !!garbage!!' };
    case 'jwt':
      return { authorization: `Bearer ${Buffer.from('null').toString('base64url')}.${Buffer.from('null').toString('base64url')}.c2ln` };
    case 'basic':
      return { authorization: 'Basic dXNlcjpwYXNz' };
    default:
      return {};
  }
}

const headerSafe = fc.string({ maxLength: 60 });

const tickets: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'GET', 'PATCH', 'PATCH', 'DELETE'),
    ref: fc.oneof(fc.constantFrom('$REF', '$REF', 'NHSM-000001', 'nhsm-000002', 'NHSM-1', ''), fc.string({ maxLength: 30 }).map(encodeURIComponent)),
    list: fc.boolean(),
    query: fc.dictionary(fc.constantFrom('status', 'type', 'limit', 'cursor', 'x'), fc.oneof(fc.constantFrom(...TICKET_STATUSES, ...TICKET_TYPES, '0', '-1', '201', '1e9', 'abc'), fc.string({ maxLength: 50 })), { maxKeys: 4 }),
    auth: fc.constantFrom('key', 'key', 'key', 'none', 'garbage', 'jwt', 'basic'),
    patch: fc.oneof(
      fc.record({ status: fc.oneof(fc.constantFrom(...TICKET_STATUSES), odd), assignee: fc.oneof(text, odd), note: fc.oneof(text, odd) }, { requiredKeys: [] }),
      odd,
    ),
    user: fc.option(headerSafe, { nil: undefined }),
  })
  .map((t) => {
    const query = new URLSearchParams(t.query as Record<string, string>).toString();
    const path = t.list && t.method === 'GET' ? `/api/tickets${query ? `?${query}` : ''}` : `/api/tickets/${t.ref}`;
    const hasBody = t.method === 'PATCH';
    return {
      kind: 'tickets',
      method: t.method,
      path,
      headers: { ...authHeader(t.auth), ...(hasBody ? json : {}), ...(t.user !== undefined ? { 'x-helpdesk-user': t.user } : {}) },
      ...(hasBody ? { body: JSON.stringify(t.patch) ?? 'null' } : {}),
    };
  });

const clientActivity = fc.record(
  {
    type: fc.constantFrom('message', 'message', 'event', 'typing', 'conversationUpdate', 'nope'),
    text: fc.oneof(text, odd),
    value: fc.oneof(cardValue, odd),
    name: fc.oneof(fc.constantFrom('webchat/join', 'nope'), odd),
    locale: fc.oneof(fc.constantFrom('en-GB', 'en-US', 'x'), odd),
    channelData: fc.oneof(fc.record({ clientActivityID: fc.oneof(fc.string({ maxLength: 20 }), odd) }), odd),
    attachments: fc.oneof(fc.constant([]), odd),
    from: fc.oneof(fc.constant({ id: 'me', role: 'user' }), odd),
  },
  { requiredKeys: ['type'] },
);

const directLine: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom('token', 'generate', 'refresh', 'start', 'get', 'post', 'post', 'post', 'poll', 'poll', 'connector', 'otherConversation'),
    auth: fc.constantFrom('token', 'token', 'token', 'none', 'garbage', 'jwt'),
    activity: clientActivity,
    watermark: fc.oneof(fc.constantFrom('', '0', '1', '-1', '99999999999', 'abc'), fc.string({ maxLength: 20 }).map(encodeURIComponent)),
  })
  .map((d) => {
    const conv = '/v3/directline/conversations/$CONV';
    const routes: Record<string, [string, string, unknown?]> = {
      token: ['POST', '/api/directline/token'],
      generate: ['POST', '/v3/directline/tokens/generate'],
      refresh: ['POST', '/v3/directline/tokens/refresh'],
      start: ['POST', '/v3/directline/conversations'],
      get: ['GET', conv],
      post: ['POST', `${conv}/activities`, d.activity],
      poll: ['GET', `${conv}/activities?watermark=${d.watermark}`],
      connector: ['POST', '/v3/directline/connector/not-the-key/v3/conversations/$CONV/activities', d.activity],
      otherConversation: ['POST', '/v3/directline/conversations/someone-else/activities', d.activity],
    };
    const [method, path, body] = routes[d.route]!;
    return {
      kind: 'directline',
      method,
      path,
      headers: { ...authHeader(d.auth), ...(body !== undefined ? json : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
  });

const ROUTES = [
  '/api/messages', '/api/tickets', '/api/tickets/$REF', '/api/directline/token', '/v3/directline/tokens/generate', '/v3/directline/conversations',
  '/v3/directline/conversations/$CONV/activities', '/health', '/', '/privacy', '/helpdesk', '/embed.js', '/nowhere', '/api/%00', '/api/../health',
  `/${'a'.repeat(5000)}`,
];

/** Odd headers and bodies on any route: encodings, content types, raw bytes, gzip (whole and truncated). */
const oddHeaders: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
    path: fc.constantFrom(...ROUTES),
    contentType: fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/vnd.api+json', 'application/octet-stream', ';;;', 'application/json; charset="utf-8"'),
    contentEncoding: fc.constantFrom(undefined, undefined, 'gzip', 'deflate', 'br', 'identity', 'IDENTITY', 'x-gzip', 'gzip, gzip', ''),
    auth: fc.constantFrom('none', 'key', 'token', 'garbage', 'jwt', 'basic'),
    extra: fc.option(fc.dictionary(fc.constantFrom('x-helpdesk-user', 'accept', 'accept-encoding', 'content-md5', 'x-forwarded-for', 'origin', 'cookie'), headerSafe, { maxKeys: 3 }), { nil: undefined }),
    body: fc.oneof(
      fc.constant(undefined),
      mutatedActivity.map((a) => JSON.stringify(a)),
      mutatedActivity.map((a) => gzipSync(JSON.stringify(a))),
      mutatedActivity.map((a) => {
        const gz = gzipSync(JSON.stringify(a));
        return gz.subarray(0, Math.max(1, gz.length >> 1));
      }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.constantFrom('type=message&text=hi', '{"type":', 'null', '[]', '"x"', '1e999', '{"__proto__":{"polluted":true}}', `${'['.repeat(5000)}${']'.repeat(5000)}`),
    ),
    chunked: fc.boolean(),
  })
  .map((o) => ({
    kind: 'headers',
    method: o.method,
    path: o.path,
    headers: {
      ...(o.contentType ? { 'content-type': o.contentType } : {}),
      ...(o.contentEncoding !== undefined ? { 'content-encoding': o.contentEncoding } : {}),
      ...authHeader(o.auth),
      ...(o.extra ?? {}),
    },
    ...(o.body !== undefined && o.method !== 'GET' && o.method !== 'HEAD' ? { body: o.body, chunked: o.chunked } : {}),
  }));

/** Every kind of request the fuzzer sends, weighted towards activities. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 6, arbitrary: messages },
  { weight: 2, arbitrary: tickets },
  { weight: 2, arbitrary: directLine },
  { weight: 2, arbitrary: oddHeaders },
);

// ---------- sending ----------

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(baseUrl: string, r: FuzzRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const headers: Record<string, string> = { ...r.headers };
    if (body && !r.chunked) headers['content-length'] = String(body.length);
    const req = http.request(`${baseUrl}${r.path}`, { method: r.method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'FUZZ_TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/** What the run learns and reuses: Direct Line tokens, ticket references, summary-card nonces. */
interface Seeds {
  sink: string;
  directLine: { token: string; conversationId: string }[];
  refs: string[];
  nonces: string[];
}

function fill(r: FuzzRequest, seeds: Seeds, i: number, apiKey: string): FuzzRequest {
  const dl = seeds.directLine[i % Math.max(1, seeds.directLine.length)] ?? { token: 'none', conversationId: 'none' };
  const pick = (list: string[], fallback: string) => list[i % Math.max(1, list.length)] ?? fallback;
  const swap = (s: string) =>
    s.replaceAll('$TOKEN', dl.token).replaceAll('$CONV', encodeURIComponent(dl.conversationId)).replaceAll('$REF', pick(seeds.refs, 'NHSM-000001')).replaceAll('$NONCE', pick(seeds.nonces, 'no-nonce')).replaceAll('$KEY', apiKey).replaceAll('$SINK', seeds.sink);
  return {
    ...r,
    path: swap(r.path),
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, swap(v)])),
    ...(typeof r.body === 'string' ? { body: swap(r.body) } : {}),
  };
}

/** Reads ticket references and summary nonces out of expectReplies answers. */
function learn(seeds: Seeds, text: string): void {
  for (const m of text.matchAll(/"nonce":"([^"]{1,64})"/g)) if (!seeds.nonces.includes(m[1]!)) seeds.nonces.push(m[1]!);
  for (const m of text.matchAll(/\b(NHSM-\d{6,9})\b/g)) if (!seeds.refs.includes(m[1]!)) seeds.refs.push(m[1]!);
}

async function seed(baseUrl: string, sink: string): Promise<Seeds> {
  const seeds: Seeds = { sink, directLine: [], refs: [], nonces: [] };
  for (let i = 0; i < 6; i++) {
    const token = await request(baseUrl, { kind: 'seed', method: 'POST', path: '/api/directline/token', headers: {} }, 10_000);
    if (token.status !== 200) break;
    const grant = JSON.parse(token.text) as { token: string; conversationId: string };
    await request(baseUrl, { kind: 'seed', method: 'POST', path: '/v3/directline/conversations', headers: { authorization: `Bearer ${grant.token}` } }, 10_000);
    seeds.directLine.push(grant);
  }
  // A few tickets filed as a person would, so the ticket API and card buttons have something real to act on.
  for (let i = 0; i < 3; i++) {
    const say = (body: Record<string, unknown>) =>
      request(
        baseUrl,
        {
          kind: 'seed',
          method: 'POST',
          path: '/api/messages',
          headers: json,
          body: JSON.stringify({
            type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', serviceUrl: 'http://127.0.0.1:1/',
            conversation: { id: `fuzz-seed-${i}` }, from: { id: `fuzz-seed-user-${i}`, name: 'Seed' }, recipient: { id: 'fuzz-bot' }, ...body,
          }),
        },
        10_000,
      );
    let last = '';
    for (const t of ["I'm locked out and the self-service reset didn't work", 'Jane Smith', 'jane.smith@nhs.net', '07700 900123', 'Sunrise Care Home', 'V12345']) last = (await say({ text: t })).text;
    const nonce = /"nonce":"([^"]+)"/.exec(last)?.[1];
    if (nonce) learn(seeds, (await say({ value: { action: 'request', op: 'confirm', nonce } })).text);
  }
  return seeds;
}

/** A stand-in Bot Connector on loopback: takes every reply and update, so turns that send replies finish fast. */
async function connectorSink(): Promise<{ url: string; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sink-${++n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** Sends `runs` generated requests (seeded, so a run can be repeated) and reports what came back. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const deadline = started + (options.timeLimitMs ?? 300_000);
  const timeoutMs = options.requestTimeoutMs ?? 20_000;
  const sink = await connectorSink();
  const seeds = await seed(options.baseUrl, sink.url);
  const seeded = { conversations: seeds.directLine.length, tickets: seeds.refs.length };
  const requests = fc.sample(fuzzRequest, { numRuns: options.runs, seed: options.seed });
  const report: FuzzReport = { runs: 0, durationMs: 0, statuses: {}, byKind: {}, failures: [], networkErrors: [], seeded };
  let next = 0;
  const worker = async () => {
    while (next < requests.length && Date.now() < deadline && !options.aborted?.()) {
      const i = next++;
      const r = fill(requests[i]!, seeds, i, options.apiKey);
      report.runs++;
      const kind = (report.byKind[r.kind] ??= {});
      try {
        const answer = await request(options.baseUrl, r, timeoutMs);
        bump(report.statuses, String(answer.status));
        bump(kind, String(answer.status));
        if (answer.status >= 500) report.failures.push({ request: r, status: answer.status, body: answer.text.slice(0, 500) });
        else if (r.kind === 'messages' && answer.status === 200) learn(seeds, answer.text);
      } catch (err) {
        const code = (err as { code?: string }).code ?? (err as Error).message;
        if (code === 'FUZZ_TIMEOUT') {
          bump(report.statuses, 'timeout');
          bump(kind, 'timeout');
          report.failures.push({ request: r, status: 'timeout', body: '' });
        } else {
          bump(report.statuses, 'error');
          bump(kind, 'error');
          report.networkErrors.push({ request: r, error: code });
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  } finally {
    await sink.close();
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** A request as one readable line (bodies cut short, binary ones as base64). */
export function describeRequest(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : Buffer.isBuffer(r.body) ? `base64:${r.body.toString('base64')}` : r.body;
  return `${r.method} ${r.path.slice(0, 200)} ${JSON.stringify(r.headers)}${r.chunked ? ' (chunked)' : ''} ${body.slice(0, 600)}${body.length > 600 ? `… (${body.length} chars)` : ''}`;
}

// ---------- the command ----------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function health(baseUrl: string): Promise<number> {
  try {
    return (await request(baseUrl, { kind: 'health', method: 'GET', path: '/health', headers: {} }, 5_000)).status;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const runs = Number(process.env.FUZZ_RUNS ?? 3000);
  const seedValue = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const timeLimitMs = Number(process.env.FUZZ_TIME_LIMIT_S ?? 300) * 1000;
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-fuzz-'));
  const apiKey = `fuzz-helpdesk-key-${Math.random().toString(36).slice(2)}-0123456789`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, 'bot.log');
  const log = fs.createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', path.join('bot', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, HELPDESK_API_KEY: apiKey, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  /** errors that are bugs in the bot, not a refused connection: a turn that threw on its input */
  const bugs: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!/"level":(5\d|60)/.test(line)) continue;
      errors.push(line);
      if (/"type":"(TypeError|RangeError|SyntaxError|ReferenceError)"/.test(line)) bugs.push(line);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    errors.push(chunk.toString('utf8'));
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exit code ${code}${signal ? `, signal ${signal}` : ''}`));

  const until = Date.now() + 60_000;
  while ((await health(baseUrl)) !== 200) {
    if (exited || Date.now() > until) {
      console.error(`The bot did not start (${exited ?? 'no answer on /health in 60 s'}); its log: ${logFile}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  console.log(`fuzz:http: ${runs} requests, seed ${seedValue} (FUZZ_SEED=${seedValue} repeats it), against ${baseUrl}`);
  const report = await runFuzz({ baseUrl, apiKey, runs, seed: seedValue, timeLimitMs, aborted: () => exited !== undefined });
  const finalHealth = exited ? 0 : await health(baseUrl);

  console.log(`\n${report.runs} requests in ${(report.durationMs / 1000).toFixed(1)} s (seeded ${report.seeded.conversations} Direct Line conversations, ${report.seeded.tickets} tickets)`);
  console.log('statuses:', Object.entries(report.statuses).sort().map(([s, n]) => `${s}: ${n}`).join(', '));
  for (const [kind, counts] of Object.entries(report.byKind)) {
    console.log(`  ${kind.padEnd(10)} ${Object.entries(counts).sort().map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  }
  if (report.networkErrors.length) {
    console.log(`\n${report.networkErrors.length} connections closed before an answer (expected when a refused upload is cut off):`);
    for (const e of report.networkErrors.slice(0, 5)) console.log(`  ${e.error}: ${describeRequest(e.request).slice(0, 300)}`);
  }
  for (const f of report.failures) console.log(`\nFAIL ${f.status}: ${describeRequest(f.request)}\n  -> ${f.body}`);
  if (errors.length) {
    console.log(`\nerrors the bot logged (${errors.length}; full log: ${logFile}):`);
    const seen = new Set<string>();
    for (const line of errors) {
      const key = line.replace(/"time":\d+,?|"conversationId":"[^"]*",?/g, '').slice(0, 400);
      if (seen.has(key)) continue;
      seen.add(key);
      console.log(`  ${line.slice(0, 3000)}`);
    }
  }
  console.log(`\nbot process: ${exited ?? 'running'}; GET /health after the run: ${finalHealth || 'no answer'}`);
  if (bugs.length) console.log(`${bugs.length} logged errors are programming errors (TypeError and the like): a turn threw on its input`);

  const failed = report.failures.length > 0 || bugs.length > 0 || exited !== undefined || finalHealth !== 200;
  if (!exited) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  if (!failed) fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(failed ? 'fuzz:http FAILED' : 'fuzz:http passed: no 5xx, no hang, the bot stayed up');
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
