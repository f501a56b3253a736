// A real server on port 0 and a chat client that POSTs activities with expectReplies, for e2e tests and benches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/config.js';
import { createLogger } from '../../bot/logger.js';

export interface ReplyActivity {
  type: string;
  text?: string;
  summary?: string;
  attachments?: { contentType: string; content: unknown }[];
  channelData?: { nhsmail?: Record<string, unknown> };
}

export interface RunningBot {
  app: App;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Starts the whole app on a free port; `dataDir` defaults to a fresh temporary folder; `env` adds settings. */
export async function startBot(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-e2e-')), env: Record<string, string> = {}): Promise<RunningBot> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...env });
  const app = await createApp(config, createLogger('silent'));
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
  app.start();
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, dataDir, close: () => app.close() };
}

/** Starts a bot before the suite's tests and removes it, with its data, after them. */
export function botForSuite(env: Record<string, string> = {}): () => RunningBot {
  let bot: RunningBot | undefined;
  before(async () => {
    bot = await startBot(undefined, env);
  });
  after(async () => {
    await bot?.close();
    if (bot) fs.rmSync(bot.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!bot) throw new Error('the bot is started in a before() hook');
    return bot;
  };
}

let counter = 0;

/** One conversation with the bot over HTTP. */
export class HttpChat {
  readonly conversationId: string;
  constructor(
    private readonly baseUrl: string,
    conversationId?: string,
    private readonly channelId = 'webchat',
  ) {
    this.conversationId = conversationId ?? `conv-${process.pid}-${Date.now()}-${++counter}`;
  }

  /** Sends typed text, or a card button's value, and returns the bot's replies. */
  async send(input: string | { value: unknown }): Promise<ReplyActivity[]> {
    const res = await this.post(input);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { activities?: ReplyActivity[] };
    return body.activities ?? [];
  }

  /** Sends typed text, or a card button's value, and returns the HTTP response as it came. */
  post(input: string | { value: unknown }): Promise<Response> {
    const activity = {
      type: 'message',
      id: `m-${++counter}`,
      channelId: this.channelId,
      serviceUrl: 'http://127.0.0.1:1/',
      deliveryMode: 'expectReplies',
      conversation: { id: this.conversationId },
      from: { id: `user-${this.conversationId}`, name: 'Tester' },
      recipient: { id: 'bot', name: 'NHSmail Assistant' },
      ...(typeof input === 'string' ? { text: input } : { value: input.value }),
    };
    return fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }
}

/** The `nhsmail` channel data of each reply (kind, route, questionId...). */
export function metas(replies: readonly ReplyActivity[]): Record<string, unknown>[] {
  return replies.map((a) => a.channelData?.nhsmail).filter((m): m is Record<string, unknown> => !!m);
}
