// The FAQ load the turn benches share: many clients sending questions through POST /api/messages with expectReplies.
import { performance } from 'node:perf_hooks';

/** One message with expectReplies, from a user named after the conversation, as Web Chat's channel would send it. */
export function turnActivity(conversation: string, input: { text: string } | { value: unknown }): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    conversation: { id: conversation },
    from: { id: `user-${conversation}` },
    recipient: { id: 'bot' },
    ...input,
  };
}

/** POSTs one such message. */
export function postTurn(url: string, conversation: string, input: { text: string } | { value: unknown }): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(turnActivity(conversation, input)) });
}

export interface LoadOptions {
  /** clients sending at once, each waiting for its answer before the next question */
  clients: number;
  seconds: number;
  /** a client starts a new conversation every this many turns */
  turnsPerConversation: number;
}

export interface LoadResult {
  latencies: number[];
  seconds: number;
  failures: number;
  /** CPU this (load-generating) process used meanwhile */
  clientCpuSeconds: number;
}

/**
 * Sends questions for `seconds` from `clients` clients. With several URLs (instances behind a load balancer),
 * each request goes to the next in turn, as a round-robin balancer would send it.
 */
export async function load(urls: string | readonly string[], questions: readonly string[], label: string, options: LoadOptions): Promise<LoadResult> {
  const targets = typeof urls === 'string' ? [urls] : urls;
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + options.seconds * 1000;
  let seq = 0;
  let sent = 0;
  const client = async (c: number) => {
    let conversation = '';
    for (let turn = 0; performance.now() < end; turn++) {
      if (turn % options.turnsPerConversation === 0) conversation = `${label}-${c}-${turn}-${Math.random().toString(36).slice(2)}`;
      const text = questions[seq++ % questions.length] as string;
      const t0 = performance.now();
      const res = await postTurn(targets[sent++ % targets.length] as string, conversation, { text });
      const body = (await res.json()) as { activities?: unknown[] };
      if (res.status !== 200 || !body.activities?.length) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { latencies, seconds, failures, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
