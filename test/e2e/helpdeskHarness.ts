// Real-HTTP harness for the helpdesk end-to-end tests: the app on port 0, a fake Bot Connector, a webhook receiver, and a chat driver.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp, type App } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/config.js';
import { metaOf, textOf } from '../support/replies.js';

export const API_KEY = 'test-helpdesk-api-key-0123456789';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123';

type Json = Record<string, unknown>;
export interface Activity extends Json {
  type: string;
  text?: string;
  summary?: string;
  channelData?: { nhsmail?: Json };
  attachments?: { contentType: string; content: Json }[];
}

async function listen(server: http.Server | { listen: (...a: unknown[]) => unknown; address(): unknown }): Promise<number> {
  await new Promise<void>((resolve) => (server as http.Server).listen(0, '127.0.0.1', () => resolve()));
  return ((server as http.Server).address() as AddressInfo).port;
}

/** Reads a request body as text. */
function body(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}

/** One call the bot made to the connector; id is the activity id it was given (or updated). */
export interface Sent {
  method: string;
  path: string;
  body: Json;
  id: string;
}

/** A stand-in for the Bot Framework connector service: records what the bot sends outside a turn. */
export class FakeConnector {
  readonly sent: Sent[] = [];
  private readonly server = http.createServer(async (req, res) => {
    const text = await body(req);
    const parsed = text ? (JSON.parse(text) as Json) : {};
    const id = req.method === 'PUT' ? decodeURIComponent(req.url ?? '').split('/').pop() ?? '' : `activity-${this.sent.length + 1}`;
    this.sent.push({ method: req.method ?? '', path: decodeURIComponent(req.url ?? ''), body: parsed, id });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id }));
  });
  url = '';

  async start(): Promise<this> {
    this.url = `http://127.0.0.1:${await listen(this.server)}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Messages (posts and updates) addressed to one conversation. */
  to(conversationId: string): Sent[] {
    return this.sent.filter((s) => s.path.startsWith(`/v3/conversations/${conversationId}/activities`));
  }
}

/** The helpdesk's webhook: records each delivery; can be switched down (503) and up. */
export class WebhookReceiver {
  readonly received: { body: string; signature?: string; eventId?: string }[] = [];
  up = true;
  attempts = 0;
  private readonly server = http.createServer(async (req, res) => {
    const text = await body(req);
    this.attempts++;
    if (!this.up) {
      res.writeHead(503);
      res.end();
      return;
    }
    this.received.push({ body: text, signature: req.headers['x-helpdesk-signature'] as string, eventId: req.headers['x-helpdesk-event-id'] as string });
    res.writeHead(204);
    res.end();
  });
  url = '';

  async start(): Promise<this> {
    this.url = `http://127.0.0.1:${await listen(this.server)}/hook`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface Bot {
  app: App;
  url: string;
  logs: string[];
  close(): Promise<void>;
}

/** Starts the real app on port 0 with a temp DATA_DIR; every log line (down to trace) is kept in `logs`. */
export async function startBot(dataDir: string, env: Record<string, string> = {}): Promise<Bot> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'trace', HELPDESK_API_KEY: API_KEY, ...env });
  const logs: string[] = [];
  const logger = pino({ level: 'trace', base: undefined }, { write: (line: string) => void logs.push(line) });
  const app = await createApp(config, logger);
  const port = await listen(app.server as unknown as http.Server);
  app.start();
  return { app, url: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

export interface Person {
  user: string;
  conversation: string;
  channelId?: string;
}

/** An activity from a person in their conversation, replies addressed to serviceUrl. */
function from(serviceUrl: string, who: Person, activity: Json): Json {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: who.channelId ?? 'webchat',
    serviceUrl,
    conversation: { id: who.conversation },
    from: { id: who.user, name: who.user },
    recipient: { id: 'bot', name: 'NHSmail Assistant' },
    ...activity,
  };
}

/** Sends one activity with deliveryMode expectReplies and returns the replies. */
export async function turn(url: string, serviceUrl: string, who: Person, activity: Json): Promise<Activity[]> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(from(serviceUrl, who, { deliveryMode: 'expectReplies', ...activity })),
  });
  if (res.status !== 200) throw new Error(`POST /api/messages: ${res.status} ${await res.text()}`);
  const out = (await res.json()) as { activities?: Activity[] };
  return out.activities ?? [];
}

/** Sends one activity the ordinary way (replies are posted to serviceUrl); returns the HTTP status and body. */
export async function post(url: string, serviceUrl: string, who: Person, activity: Json): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(from(serviceUrl, who, activity)),
  });
  return { status: res.status, body: await res.text() };
}

export { metaOf as meta, textOf as text } from '../support/replies.js';

/** Opens a locked-out request having tried self-service reset already, so the bot goes straight to the details. */
export const LOCKED_OUT_OPENER = "I'm locked out and the self-service reset didn't work";

/** Answers for a locked-out request, in the order the bot asks. */
export const LOCKED_OUT = ['Jane Smith', 'jane.smith@nhs.net', '07700 900123', 'Sunrise Care Home', 'V12345'];

/** Drives one conversation through a locked-out request up to the summary; returns the summary's one-time id. */
export async function toSummary(url: string, serviceUrl: string, who: Person, answers = LOCKED_OUT): Promise<string> {
  await turn(url, serviceUrl, who, { text: LOCKED_OUT_OPENER });
  let replies: Activity[] = [];
  for (const a of answers) replies = await turn(url, serviceUrl, who, { text: a });
  const nonce = metaOf(replies[replies.length - 1])['nonce'];
  if (typeof nonce !== 'string') throw new Error(`no summary card: ${JSON.stringify(replies.map(textOf))}`);
  return nonce;
}

/** Clicks Send on a summary card. */
export function confirm(url: string, serviceUrl: string, who: Person, nonce: string): Promise<Activity[]> {
  return turn(url, serviceUrl, who, { value: { action: 'request', op: 'confirm', nonce } });
}

/** Files a locked-out request through chat and returns its reference. */
export async function fileViaChat(url: string, serviceUrl: string, who: Person, answers = LOCKED_OUT): Promise<string> {
  const nonce = await toSummary(url, serviceUrl, who, answers);
  const replies = await confirm(url, serviceUrl, who, nonce);
  const ref = replies.map((a) => metaOf(a)['ref']).find((r) => typeof r === 'string');
  if (typeof ref !== 'string') throw new Error(`not filed: ${JSON.stringify(replies.map(textOf))}`);
  return ref;
}

/** Calls the ticket API. */
export async function api(url: string, method: string, path: string, options: { key?: string | null; body?: unknown; user?: string } = {}) {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? API_KEY : options.key;
  if (key) headers['Authorization'] = `Bearer ${key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.user) headers['X-Helpdesk-User'] = options.user;
  const res = await fetch(`${url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const raw = await res.text();
  return { status: res.status, body: raw ? (JSON.parse(raw) as Json) : {}, headers: res.headers };
}

/** Polls until the predicate holds (for deliveries that happen after the turn). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
