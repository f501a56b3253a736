// /health and /ready on the file backend: no dependency to report, ready only between start() and close().
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../../bot/app.js';
import { loadConfig } from '../../../bot/config/config.js';
import { createLogger } from '../../../bot/logger.js';
import { tempDir } from '../../helpdesk/fixtures/tickets.js';

describe('/health and /ready without a database', () => {
  it('answers 503 until the app is started, then 200 with no dependencies', async () => {
    const data = tempDir('health-');
    const app = await createApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: data.dir }), createLogger('silent'));
    try {
      await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const get = async (p: string) => {
        const res = await fetch(`${base}${p}`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      expect(await get('/ready')).to.deep.equal({ status: 503, body: { ready: false } });
      expect((await get('/health')).body).to.include({ status: 'starting' });
      app.start();
      expect(await get('/ready')).to.deep.equal({ status: 200, body: { ready: true } });
      const health = await get('/health');
      expect(health.status).to.equal(200);
      expect(health.body).to.include({ status: 'ok' }).and.deep.include({ dependencies: {} });
    } finally {
      await app.close();
      data.remove();
    }
  });
});

describe('start-up reads what the first turn would otherwise wait for', () => {
  it('has the English dictionary read before the app is ready, in a process that had not read it', function () {
    this.timeout(60_000);
    // in a fresh process: this one has read the dictionary long since, in other tests
    const script = [
      "const text = await import('./knowledge/text.ts');",
      "const { createApp } = await import('./bot/app.ts');",
      "const { loadConfig } = await import('./bot/config/config.ts');",
      "const { createLogger } = await import('./bot/logger.ts');",
      'const before = text.englishWordsLoaded();',
      "const app = await createApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: process.env.TEST_DATA_DIR }), createLogger('silent'));",
      'console.log(JSON.stringify({ before, after: text.englishWordsLoaded() }));',
      'await app.close();',
    ].join('\n');
    const data = tempDir('dictionary-');
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--no-deprecation', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, TEST_DATA_DIR: data.dir, LOG_LEVEL: 'silent' },
      });
      expect(run.status, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout.trim().split('\n').pop() as string)).to.deep.equal({ before: false, after: true });
    } finally {
      data.remove();
    }
  });
});
