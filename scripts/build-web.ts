// Bundles the browser code (chat page, embed script, helpdesk tab with teams-js, insights with Chart.js) into dist/web, with the pages,
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

/** The helpdesk's phone number and email as the bot says them (replies.yaml contact.*), for the static pages' text. */
export function helpdeskContacts(dir: string = CONTENT_DIR): { phone: string; email: string } {
  const problems: string[] = [];
  const replies = readYaml(path.join(dir, 'replies.yaml'), RepliesSchema, problems)?.replies;
  const [phone, email] = [replies?.['contact.phone'], replies?.['contact.email']];
  if (!phone || !email) throw new ContentError(problems.length ? problems : ['replies.yaml: replies.contact.phone and contact.email: missing']);
  return { phone, email };
}

/** The helpdesk's phone number (replies.yaml contact.phone). */
export function helpdeskPhone(dir: string = CONTENT_DIR): string {
  return helpdeskContacts(dir).phone;
}

/** Fills the pages' content placeholders at build time; the server fills the rest (nonce, config) when it serves them. */
function fillContent(html: string, contacts: { phone: string; email: string }): string {
  return html
    .replaceAll('{{HELPDESK_PHONE}}', contacts.phone)
    .replaceAll('{{HELPDESK_PHONE_TEL}}', contacts.phone.replace(/[^\d+]/g, ''))
    .replaceAll('{{HELPDESK_EMAIL}}', contacts.email);
}

const PAGES = new Set(['chat.html', 'privacy.html', 'helpdesk.html', 'insights.html']);

const COPIES: [from: string, to: string][] = [
  ['web/chat/index.html', 'chat.html'],
  ['web/chat/chat.css', 'chat.css'],
  ['web/privacy.html', 'privacy.html'],
  ['web/helpdesk-tab/index.html', 'helpdesk.html'],
  ['web/insights/index.html', 'insights.html'],
  ['manifest/color.png', 'avatar.png'],
];

export async function buildWeb(options: { minify?: boolean } = {}): Promise<void> {
  const minify = options.minify ?? true;
  const contacts = helpdeskContacts();
  fs.mkdirSync(path.join(WEB_OUT, 'vendor'), { recursive: true });
  await build({
    entryPoints: {
      chat: path.join(WEB_SRC, 'chat', 'main.ts'),
      embed: path.join(WEB_SRC, 'embed.ts'),
      helpdesk: path.join(WEB_SRC, 'helpdesk-tab', 'main.ts'),
      insights: path.join(WEB_SRC, 'insights', 'main.ts'),
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
  // the tabs' stylesheets import web/shared/tab.css; bundled, each page still loads one same-origin file (CSP style-src 'self')
  await build({
    entryPoints: {
      helpdesk: path.join(WEB_SRC, 'helpdesk-tab', 'helpdesk.css'),
      insights: path.join(WEB_SRC, 'insights', 'insights.css'),
    },
    outdir: WEB_OUT,
    bundle: true,
    minify,
    logLevel: 'warning',
  });
  for (const [from, to] of COPIES) {
    const source = path.join(PROJECT_ROOT, from);
    if (PAGES.has(to)) fs.writeFileSync(path.join(WEB_OUT, to), fillContent(fs.readFileSync(source, 'utf8'), contacts));
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
