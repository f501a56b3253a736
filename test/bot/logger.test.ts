// Logs never hold what people type: real conversations (a question with contact details, a full helpdesk
// request, a password typed by mistake) through bot/main.ts with its own logger, stdout and stderr read whole.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import { API_KEY, FakeConnector, LOCKED_OUT_OPENER, WebhookReceiver, WEBHOOK_SECRET, eventually, fileViaChat, turn, type Person } from '../e2e/helpdeskHarness.js';
import { metaOf } from '../support/replies.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bot', 'main.ts');

const QUESTION = 'what is an ods code? reply to priya.natarajan@nhs.net or 07700 900461';
const PASSWORD = 'Xq7!plumTree42';
const ANSWERS = ['Priya Natarajan', 'priya.natarajan@nhs.net', '07700 900461', 'Riverside Lodge Care Home', 'V12345'];
/** Pieces of what was typed that must appear in no log line, in any form the bot might hold them (+447700900461). */
const TYPED = ['ods code?', 'Natarajan', 'natarajan@', '900461', PASSWORD, 'Riverside Lodge'];

/** Runs bot/main.ts at a log level, holds the conversations, stops it with SIGTERM; returns every output line. */
async function logsOf(level: string, converse: (url: string) => Promise<void>): Promise<string[]> {
  const tmp = tempDir('logs-');
  const hook = await new WebhookReceiver().start();
  // the webhook is down, so delivery failures are logged too
  hook.up = false;
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: tmp.dir,
      LOG_LEVEL: level,
      HELPDESK_API_KEY: API_KEY,
      HELPDESK_WEBHOOK_URL: hook.url,
      HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bot exited early (${code}): ${out}`)));
      child.stdout.on('data', () => {
        const m = /"port":(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
    });
    await converse(`http://127.0.0.1:${port}`);
    await eventually(() => hook.attempts > 0);
    child.kill('SIGTERM');
    expect(await exited, out).to.equal(0);
    return out.split('\n').filter(Boolean);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await hook.close();
    tmp.remove();
  }
}

describe('logs (bot/main.ts at debug, and the info lines within them)', function () {
  this.timeout(60_000);
  let lines: string[] = [];
  before(async () => {
    const connector = await new FakeConnector().start();
    const asker: Person = { user: 'asker', conversation: 'ask' };
    const requester: Person = { user: 'requester', conversation: 'request' };
    const slip: Person = { user: 'slip', conversation: 'slip' };
    try {
      lines = await logsOf('debug', async (url) => {
        const answer = await turn(url, connector.url, asker, { text: QUESTION });
        expect(metaOf(answer[0])['kind']).to.equal('answer');
        expect(await fileViaChat(url, connector.url, requester, ANSWERS)).to.match(/^NHSM-/);
        await turn(url, connector.url, slip, { text: LOCKED_OUT_OPENER });
        await turn(url, connector.url, slip, { text: `my password is ${PASSWORD}` });
        await turn(url, connector.url, { ...slip, conversation: 'slip-2' }, { text: `is ${PASSWORD} a strong password` });
      });
    } finally {
      await connector.close();
    }
  });

  /** A pino logger at info writes exactly the lines a debug one writes at level 30 and above; other output is kept. */
  const atInfo = () => lines.filter((l) => !l.startsWith('{') || (JSON.parse(l) as { level: number }).level >= 30);

  for (const [name, view] of [['debug', () => lines], ['info', atInfo]] as const) {
    it(`hold no message text or personal details at ${name}`, () => {
      const seen = view();
      expect(seen.some((l) => l.includes('listening')), 'the logs were read').to.equal(true);
      expect(seen.some((l) => l.includes('outbox: delivery failed')), 'the request reached the outbox').to.equal(true);
      for (const typed of TYPED) {
        const leaks = seen.filter((l) => l.toLowerCase().includes(typed.toLowerCase()));
        expect(leaks, `"${typed}" logged`).to.deep.equal([]);
      }
    });
  }
});
