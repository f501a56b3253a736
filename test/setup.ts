// Keeps test runs quiet and free of the developer's own settings, and makes sure the pages under test exist.
import fs from 'node:fs';
import path from 'node:path';
import { buildWeb, WEB_OUT } from '../scripts/build-web.js';

process.env.LOG_LEVEL ??= 'silent';

export const mochaHooks = {
  /** Suites that request the pages need the bundled web assets; a fresh clone has none until a build. */
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    if (!['chat.html', 'helpdesk.html'].every((f) => fs.existsSync(path.join(WEB_OUT, f)))) await buildWeb();
  },
};
