// Starts the real app on a free port with a throwaway DATA_DIR, and speaks Direct Line to it like Web Chat does.
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/config.js';
import { createLogger } from '../../bot/logger.js';

export interface RunningApp {
  app: App;
  base: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-channels-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DATA_DIR: dataDir, PORT: '0', ...env });
  const app = await createApp(config, createLogger(config.logLevel), options);
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
  app.start();
  const base = `http://127.0.0.1:${app.server.address().port}`;
  return {
    app,
    base,
    dataDir,
    async stop() {
      // Browsers keep (and pre-open) connections; drop them so close() does not wait for their timeouts.
      (app.server as unknown as { server: http.Server }).server.closeAllConnections();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Activity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  replyToId?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  channelData?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A Direct Line 3.0 client, as Web Chat uses it with webSocket: false. */
export class DirectLineClient {
  watermark = '';
  conversationId = '';
  token = '';
  constructor(private readonly domain: string) {}

  async request(method: string, url: string, body?: unknown, token = this.token): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.domain}${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  /** Gets a token from the page's endpoint and starts the conversation with it. */
  async start(base: string): Promise<void> {
    const grant = (await (await fetch(`${base}/api/directline/token`, { method: 'POST' })).json()) as { token: string };
    this.token = grant.token;
    const res = await this.request('POST', '/conversations');
    if (res.status !== 201) throw new Error(`start answered ${res.status}`);
    this.conversationId = res.json.conversationId;
  }

  async send(activity: Record<string, unknown>): Promise<{ status: number; json: any }> {
    return this.request('POST', `/conversations/${this.conversationId}/activities`, { from: { id: 'me', role: 'user' }, ...activity });
  }

  async poll(): Promise<Activity[]> {
    const res = await this.request('GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    if (res.status !== 200) throw new Error(`poll answered ${res.status}`);
    this.watermark = res.json.watermark;
    return res.json.activities as Activity[];
  }

  /**
   * Sends a marker message and returns the other activities that came in since the last poll. Direct Line
   * answers a post only once the turn it started has finished, so whatever earlier activities were going to
   * cause is in by then: the way to check that nothing happened without sleeping.
   */
  async othersBeforeMarker(text = 'help'): Promise<Activity[]> {
    const marker = await this.send({ type: 'message', text });
    if (marker.status !== 200) throw new Error(`the marker was answered ${marker.status}`);
    const got = await this.poll();
    if (!got.some((a) => a.replyToId === marker.json.id)) throw new Error('the marker was not answered within its turn');
    return got.filter((a) => a.id !== marker.json.id && a.replyToId !== marker.json.id);
  }

  /** Polls until an activity matches or the time is up. */
  async waitFor(match: (a: Activity) => boolean, timeoutMs = 5000): Promise<Activity> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = (await this.poll()).find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out waiting for an activity');
  }
}

export function cardOf(a: Activity): Record<string, unknown> | undefined {
  return a.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
