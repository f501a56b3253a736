// The public pages over real HTTP: what is served, with which types, and the security headers each one carries.
import { expect } from 'chai';
import { TEAMS_FRAME_ANCESTORS, TEAMS_JS_ORIGINS_CDN } from '../../bot/http/pages.js';
import fs from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../knowledge/loader.js';
import { PROJECT_ROOT } from '../../lib/paths.js';
import { buildWeb, helpdeskContacts } from '../../scripts/build-web.js';
import { startApp, type RunningApp } from './channelsHarness.js';

function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
}

describe('pages (HTTP)', function () {
  this.timeout(60_000);
  let running: RunningApp;
  before(async () => {
    await buildWeb();
    running = await startApp({ WEBCHAT_ALLOWED_ORIGINS: 'https://care.example.org', STATE_TTL_HOURS: '12' });
  });
  after(() => running.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${running.base}${path}`, { headers });

  it('GET / is the support page with Web Chat served from the bot, a privacy line and a per-request nonce', async () => {
    const res = await get('/');
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(html).to.include('<script src="/static/vendor/webchat.js"></script>');
    expect(html).to.not.match(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    expect(html).to.include('kept for up to 12 hours');
    expect(html).to.match(/Never type passwords, security answers or patient details/);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).to.deep.equal(["'none'"]);
    expect(csp.get('script-src')).to.deep.equal(["'self'"]);
    expect(csp.get('frame-ancestors')).to.deep.equal(["'self'", 'https://care.example.org']);
    const nonce = /'nonce-([^']+)'/.exec(csp.get('style-src')!.join(' '))![1]!;
    expect(html).to.include(`"nonce":"${nonce}"`);
    const second = directives((await get('/')).headers.get('content-security-policy'));
    expect(second.get('style-src')!.join(' ')).to.not.include(nonce);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('cache-control')).to.equal('no-store');
  });

  it('GET /helpdesk may be framed by Teams and Microsoft 365 only, and carries no SSO app unless configured', async () => {
    const res = await get('/helpdesk');
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(directives(res.headers.get('content-security-policy')).get('frame-ancestors')).to.deep.equal(["'self'", ...TEAMS_FRAME_ANCESTORS]);
    expect(directives(res.headers.get('content-security-policy')).get('connect-src')).to.deep.equal(["'self'", TEAMS_JS_ORIGINS_CDN]);
    expect(html).to.include('<script src="/static/helpdesk.js"></script>');
    const config = JSON.parse(/<script id="tab-config" type="application\/json">(.*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;
    expect(config).to.not.have.property('ssoAppId');
    expect(config).to.have.property('labels').that.has.all.keys('types', 'statuses');
  });

  it('GET /insights is public HTML (its data needs the key) that Teams may frame, with its words from the replies and no inline script', async () => {
    const res = await get('/insights');
    const html = await res.text();
    expect(res.status).to.equal(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('script-src')).to.deep.equal(["'self'"]);
    expect(csp.get('style-src')).to.deep.equal(["'self'"]);
    expect(csp.get('connect-src')).to.deep.equal(["'self'", TEAMS_JS_ORIGINS_CDN]);
    expect(csp.get('frame-ancestors')).to.deep.equal(["'self'", ...TEAMS_FRAME_ANCESTORS]);
    expect(html).to.include(`<title>${loadKnowledge().replies.t('page.insights.title')}</title>`);
    expect(html).to.include('<script src="/static/insights.js"></script>');
    expect(html.match(/<script\b[^>]*>/g)).to.deep.equal(['<script id="page-config" type="application/json">', '<script src="/static/insights.js">']);
    const config = JSON.parse(/<script id="page-config" type="application\/json">(.*?)<\/script>/.exec(html)![1]!) as { text: Record<string, string> };
    expect(config.text['page.insights.csv']).to.equal(loadKnowledge().replies.t('page.insights.csv'));
    for (const asset of ['/static/insights.js', '/static/insights.css']) expect((await get(asset)).status, asset).to.equal(200);
  });

  it('GET /privacy explains what is kept', async () => {
    const res = await get('/privacy');
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include('id="terms"');
  });

  it('pages carry the helpdesk number and email from the content, not a copy', async () => {
    const { phone, email } = helpdeskContacts();
    const chat = await (await get('/')).text();
    const privacy = await (await get('/privacy')).text();
    expect(chat).to.include(`<a href="tel:${phone.replace(/[^\d+]/g, '')}">${phone}</a>`);
    expect(privacy).to.include(`(${phone},`);
    for (const page of [chat, privacy]) expect(page).to.include(`<a href="mailto:${email}">${email}</a>`).and.not.include('{{HELPDESK_');
  });

  /** The page text keys a page's scripts ask for with t('page....'). */
  const keysUsed = (folder: string) =>
    fs
      .readdirSync(path.join(PROJECT_ROOT, 'web', folder))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(PROJECT_ROOT, 'web', folder, f), 'utf8').matchAll(/'(page\.[\w.]+)'/g)].map((m) => m[1]!));
  const configOf = async (route: string, id: string) =>
    JSON.parse(new RegExp(`<script id="${id}" type="application/json">(.*?)</script>`).exec(await (await get(route)).text())![1]!) as { text: Record<string, string> };

  for (const [route, id, folder, prefix] of [['/', 'chat-config', 'chat', 'page.chat.'], ['/helpdesk', 'tab-config', 'helpdesk-tab', 'page.helpdeskTab.'], ['/insights', 'page-config', 'insights', 'page.insights.']] as const) {
    it(`GET ${route} gives its script every text it uses, from the replies, contacts filled`, async () => {
      const r = loadKnowledge().replies;
      const { text } = await configOf(route, id);
      const used = keysUsed(folder);
      expect(used.length).to.be.greaterThan(4);
      expect(used.filter((k) => !(k in text))).to.deep.equal([]);
      expect(Object.keys(text).sort()).to.deep.equal(r.keys().filter((k) => k.startsWith(prefix)).sort());
      for (const [key, value] of Object.entries(text)) expect(value, key).to.not.match(/\{(phone|email)\}/);
    });
  }

  const assets: [string, string][] = [
    ['/embed.js', 'text/javascript; charset=utf-8'],
    ['/static/chat.js', 'text/javascript; charset=utf-8'],
    ['/static/helpdesk.js', 'text/javascript; charset=utf-8'],
    ['/static/insights.js', 'text/javascript; charset=utf-8'],
    ['/static/insights.css', 'text/css; charset=utf-8'],
    ['/static/insights.js.LEGAL.txt', 'text/plain; charset=utf-8'],
    ['/static/chat.css', 'text/css; charset=utf-8'],
    ['/static/avatar.png', 'image/png'],
    ['/static/vendor/webchat.js', 'text/javascript; charset=utf-8'],
  ];
  for (const [path, type] of assets) {
    it(`GET ${path} is ${type.split(';')[0]}, nosniff`, async () => {
      const res = await get(path);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal(type);
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      await res.arrayBuffer();
    });
  }

  it('embed.js may be loaded by other sites; the rest only by this origin', async () => {
    expect((await get('/embed.js')).headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    expect((await get('/static/chat.js')).headers.get('cross-origin-resource-policy')).to.equal('same-origin');
  });

  it('compresses the Web Chat bundle and answers 304 to a matching ETag', async () => {
    const res = await get('/static/vendor/webchat.js', { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).to.equal('gzip');
    const etag = res.headers.get('etag')!;
    await res.arrayBuffer();
    expect((await get('/static/vendor/webchat.js', { 'if-none-match': etag })).status).to.equal(304);
  });

  it('serves nothing else from dist/web', async () => {
    for (const path of ['/static/../package.json', '/static/chat.html', '/static/vendor/../../bot/main.js', '/dist/web/chat.js']) {
      expect((await get(path)).status, path).to.equal(404);
    }
  });
});
