// A short, seeded run of the HTTP fuzzer (npm run fuzz:http) against an in-process bot, so CI catches a 5xx or a hang.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/config.js';
import { createLogger } from '../../bot/logger.js';
import { describeRequest, runFuzz } from '../../scripts/fuzz-http.js';

const API_KEY = 'security-fuzz-test-key-0123456789';

describe('security: HTTP fuzz (300 seeded requests)', function () {
  this.timeout(120_000);
  let app: App;
  let base: string;
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-sec-fuzz-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', HELPDESK_API_KEY: API_KEY });
    app = await createApp(config, createLogger('silent'));
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
    app.start();
    base = `http://127.0.0.1:${app.server.address().port}`;
  });
  after(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
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
