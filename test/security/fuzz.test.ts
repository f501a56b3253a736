// A short, seeded run of the HTTP fuzzer (npm run fuzz:http) against an in-process bot, so CI catches a 5xx or a hang.
import { expect } from 'chai';
import { botForSuite } from '../e2e/httpChat.js';
import { describeRequest, runFuzz } from '../../scripts/fuzz-http.js';

const API_KEY = 'security-fuzz-test-key-0123456789';

describe('security: HTTP fuzz (300 seeded requests)', function () {
  this.timeout(120_000);
  let base: string;

  const bot = botForSuite({ HELPDESK_API_KEY: API_KEY });
  before(() => {
    base = bot().baseUrl;
  });

  it('answers every request below 500, never hangs, and stays healthy', async () => {
    const report = await runFuzz({ baseUrl: base, apiKey: API_KEY, runs: 300, seed: 20_260_909, concurrency: 8, timeLimitMs: 90_000, requestTimeoutMs: 15_000 });
    const failures = report.failures.map((f) => `${f.status}: ${describeRequest(f.request)} -> ${f.body}`);
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(report.runs).to.equal(300);
    expect(report.seeded.tickets, 'tickets filed through chat for the API to act on').to.be.above(0);
    expect((await fetch(`${base}/health`)).status).to.equal(200);
  });
});
