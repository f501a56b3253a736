// Bundles the browser code (chat page, embed script, helpdesk tab with teams-js) into dist/web, with the pages,
// styles, the bot's avatar and Web Chat's prebuilt bundle, so the bot serves everything itself (no CDN).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../knowledge/paths.js';

export const WEB_OUT = path.join(PROJECT_ROOT, 'dist', 'web');
const WEB_SRC = path.join(PROJECT_ROOT, 'web');

/** Web Chat's package hides dist/ behind "exports", so find the package folder and take the file from there. */
function webChatBundle(): string {
  const file = path.join(PROJECT_ROOT, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js');
  if (!fs.existsSync(file)) throw new Error(`Web Chat bundle not found at ${file}: run npm install`);
  return file;
}

const COPIES: [from: string, to: string][] = [
  ['web/chat/index.html', 'chat.html'],
  ['web/chat/chat.css', 'chat.css'],
  ['web/privacy.html', 'privacy.html'],
  ['web/helpdesk-tab/index.html', 'helpdesk.html'],
  ['web/helpdesk-tab/helpdesk.css', 'helpdesk.css'],
  ['manifest/color.png', 'avatar.png'],
];

export async function buildWeb(options: { minify?: boolean } = {}): Promise<void> {
  const minify = options.minify ?? true;
  fs.mkdirSync(path.join(WEB_OUT, 'vendor'), { recursive: true });
  await build({
    entryPoints: {
      chat: path.join(WEB_SRC, 'chat', 'main.ts'),
      embed: path.join(WEB_SRC, 'embed.ts'),
      helpdesk: path.join(WEB_SRC, 'helpdesk-tab', 'main.ts'),
    },
    outdir: WEB_OUT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const [from, to] of COPIES) fs.copyFileSync(path.join(PROJECT_ROOT, from), path.join(WEB_OUT, to));
  fs.copyFileSync(webChatBundle(), path.join(WEB_OUT, 'vendor', 'webchat.js'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildWeb({ minify: !process.argv.includes('--dev') }).then(
    () => console.log(`web assets built in ${WEB_OUT}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
