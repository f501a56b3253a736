// Bundles the browser code (chat page, embed script, helpdesk tab with teams-js) into dist/web, with the pages,
// styles, the bot's avatar and Web Chat's prebuilt bundle, so the bot serves everything itself (no CDN).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ContentError, readYaml } from '../knowledge/loader.js';
import { CONTENT_DIR, PROJECT_ROOT } from '../lib/paths.js';
import { RepliesSchema } from '../knowledge/schema.js';

export const WEB_OUT = path.join(PROJECT_ROOT, 'dist', 'web');
const WEB_SRC = path.join(PROJECT_ROOT, 'web');

/** Web Chat's package hides dist/ behind "exports", so find the package folder and take the file from there. */
function webChatBundle(): string {
  const file = path.join(PROJECT_ROOT, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js');
  if (!fs.existsSync(file)) throw new Error(`Web Chat bundle not found at ${file}: run npm install`);
  return file;
}

/** The helpdesk's phone number as the bot says it (replies.yaml contact.phone), for the pages and the chat script. */
export function helpdeskPhone(dir: string = CONTENT_DIR): string {
  const problems: string[] = [];
  const phone = readYaml(path.join(dir, 'replies.yaml'), RepliesSchema, problems)?.replies['contact.phone'];
  if (!phone) throw new ContentError(problems.length ? problems : ['replies.yaml: replies.contact.phone: missing']);
  return phone;
}

/** Fills the pages' content placeholders at build time; the server fills the rest (nonce, config) when it serves them. */
function fillContent(html: string, phone: string): string {
  return html.replaceAll('{{HELPDESK_PHONE}}', phone).replaceAll('{{HELPDESK_PHONE_TEL}}', phone.replace(/[^\d+]/g, ''));
}

const PAGES = new Set(['chat.html', 'privacy.html', 'helpdesk.html']);

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
  const phone = helpdeskPhone();
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
    define: { HELPDESK_PHONE: JSON.stringify(phone) },
  });
  for (const [from, to] of COPIES) {
    const source = path.join(PROJECT_ROOT, from);
    if (PAGES.has(to)) fs.writeFileSync(path.join(WEB_OUT, to), fillContent(fs.readFileSync(source, 'utf8'), phone));
    else fs.copyFileSync(source, path.join(WEB_OUT, to));
  }
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
