// The public pages: the support page with the chat widget, the embed script, the helpdesk tab, insights, the privacy notice,
// and their static assets from dist/web (built by npm run build), with security headers on every one.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { statusKey, typeKey } from '../../cards/ticketCards.js';
import { TICKET_STATUSES, TICKET_TYPES, type TicketLabels } from '../../helpdesk/vocabulary.js';
import { PROJECT_ROOT } from '../../lib/paths.js';
import type { Replies } from '../../knowledge/replies.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { childLogger } from '../logger.js';
import { safe } from './server.js';

export const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

/** Where Teams, Outlook and the Microsoft 365 app host tabs: the only sites that may frame the helpdesk tab. */
export const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://local.teams.office.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://*.skype.com',
];

/**
 * teams-js fetches its list of valid Teams host origins from this CDN when it loads (and falls back to a
 * built-in list when it cannot); allowing it keeps the tab working in Teams hosts newer than the bundle.
 */
export const TEAMS_JS_ORIGINS_CDN = 'https://res.cdn.office.net';

const EMPTY_STYLE_HASH = `sha256-${createHash('sha256').update('').digest('base64')}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** URL path -> file in dist/web. Nothing outside this list is served. */
const STATIC: Record<string, string> = {
  '/embed.js': 'embed.js',
  '/static/chat.js': 'chat.js',
  '/static/chat.js.map': 'chat.js.map',
  '/static/chat.css': 'chat.css',
  '/static/helpdesk.js': 'helpdesk.js',
  '/static/helpdesk.js.map': 'helpdesk.js.map',
  '/static/helpdesk.css': 'helpdesk.css',
  '/static/insights.js': 'insights.js',
  '/static/insights.js.map': 'insights.js.map',
  '/static/insights.css': 'insights.css',
  // Chart.js's licence notice, which the bundle points to
  '/static/insights.js.LEGAL.txt': 'insights.js.LEGAL.txt',
  '/static/avatar.png': 'avatar.png',
  '/static/vendor/webchat.js': 'vendor/webchat.js',
};

interface Asset {
  body: Buffer;
  gzip?: Buffer;
  etag: string;
  type: string;
}

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin-allow-popups',
};

/** Reads built assets once, on first use, so a build done after start-up is picked up. */
class WebAssets {
  private readonly cache = new Map<string, Asset>();

  get(file: string): Asset | undefined {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const full = path.join(WEB_DIR, file);
    if (!fs.existsSync(full)) return undefined;
    const body = fs.readFileSync(full);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const asset: Asset = {
      body,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      gzip: body.length > 1024 && !type.startsWith('image/') ? gzipSync(body, { level: 9 }) : undefined,
    };
    this.cache.set(file, asset);
    return asset;
  }

  text(file: string): string | undefined {
    return this.get(file)?.body.toString('utf8');
  }
}

function csp(parts: Record<string, string[]>): string {
  return Object.entries(parts)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

function send(res: Response, status: number, headers: Record<string, string>, body: Buffer | string): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...headers });
  res.end(body);
}

const NOT_BUILT =
  'The web pages are not built yet. Run "npm run build" (or "npm start", which builds first) and reload this page.';

/** Fills {{NAME}} placeholders; CONFIG is JSON made safe to sit inside a <script type="application/json"> block. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The public pages (chat, embed script, helpdesk tab, privacy) and their assets. */
/** The helpdesk tab's words for ticket types and statuses, from the replies, in the model's order. */
export function ticketLabels(replies: Replies): TicketLabels {
  return {
    types: Object.fromEntries(TICKET_TYPES.map((t) => [t, replies.t(`request.typeName.${typeKey(t)}`)])) as TicketLabels['types'],
    statuses: Object.fromEntries(TICKET_STATUSES.map((s) => [s, replies.t(`ticket.status.${statusKey(s)}`)])) as TicketLabels['statuses'],
  };
}

export function registerPages(server: Server, deps: { config: Config; logger: Logger; replies: Replies }): void {
  const { config } = deps;
  const labels = ticketLabels(deps.replies);
  const chatText = deps.replies.templates('page.chat.');
  const tabText = deps.replies.templates('page.helpdeskTab.');
  const insightsText = deps.replies.templates('page.insights.');
  const log = childLogger(deps.logger, 'bot:pages');
  const assets = new WebAssets();
  if (!fs.existsSync(path.join(WEB_DIR, 'chat.html'))) log.warn({ dir: WEB_DIR }, 'web assets not built: run npm run build');

  const stateHours = String(Math.round(config.stateTtlMs / 3_600_000));
  const chatAncestors = ["'self'", ...config.channels.webChatAllowedOrigins];
  const directLineOrigins = config.channels.directLine.secret ? [config.channels.directLine.baseUrl] : [];

  const page = (file: string, policy: (nonce: string) => string, values: (nonce: string) => Record<string, string>) =>
    safe(deps.logger, (_req: Request, res: Response) => {
      const template = assets.text(file);
      if (!template) return send(res, 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, NOT_BUILT);
      const nonce = randomBytes(16).toString('base64');
      send(
        res,
        200,
        { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': policy(nonce) },
        fill(template, values(nonce)),
      );
    });

  const base = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
  };

  server.get(
    '/',
    page(
      'chat.html',
      (nonce) =>
        csp({
          ...base,
          // react-scroll-to-bottom (inside Web Chat) adds one empty <style> without the nonce and fills it
          // through the CSSOM; the hash is that of the empty string, so it allows nothing else.
          'style-src': ["'self'", `'nonce-${nonce}'`, `'${EMPTY_STYLE_HASH}'`],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'", ...directLineOrigins],
          'frame-ancestors': chatAncestors,
        }),
      (nonce) => ({ CONFIG: jsonForScript({ nonce, text: chatText }), STATE_HOURS: stateHours }),
    ),
  );

  server.get(
    '/privacy',
    page(
      'privacy.html',
      () => csp({ ...base, 'style-src': ["'self'"], 'frame-ancestors': ["'self'", ...TEAMS_FRAME_ANCESTORS] }),
      () => ({ STATE_HOURS: stateHours }),
    ),
  );

  server.get(
    '/helpdesk',
    page(
      'helpdesk.html',
      () => csp({ ...base, 'style-src': ["'self'"], 'connect-src': ["'self'", TEAMS_JS_ORIGINS_CDN], 'frame-ancestors': ["'self'", ...TEAMS_FRAME_ANCESTORS] }),
      () => ({ CONFIG: jsonForScript({ ssoAppId: config.channels.teamsSsoAppId, labels, text: tabText }) }),
    ),
  );

  // Insights for editors and helpdesk leads: public HTML; its data comes from /api/insights with the key or SSO token.
  server.get(
    '/insights',
    page(
      'insights.html',
      () => csp({ ...base, 'style-src': ["'self'"], 'connect-src': ["'self'", TEAMS_JS_ORIGINS_CDN], 'frame-ancestors': ["'self'", ...TEAMS_FRAME_ANCESTORS] }),
      () => ({
        TITLE: escapeHtml(deps.replies.t('page.insights.title')),
        CONFIG: jsonForScript({ ssoAppId: config.channels.teamsSsoAppId, labels, text: insightsText }),
      }),
    ),
  );

  for (const [route, file] of Object.entries(STATIC)) {
    server.get(
      route,
      safe(deps.logger, (req: Request, res: Response) => {
        const asset = assets.get(file);
        if (!asset) return send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, NOT_BUILT);
        const headers: Record<string, string> = {
          'content-type': asset.type,
          etag: asset.etag,
          'cache-control': route === '/embed.js' ? 'public, max-age=300' : 'public, max-age=3600',
          vary: 'accept-encoding',
          // embed.js is loaded by provider sites; everything else only by this origin's pages.
          'cross-origin-resource-policy': route === '/embed.js' ? 'cross-origin' : 'same-origin',
        };
        if (req.header('if-none-match') === asset.etag) return send(res, 304, headers, '');
        const gzip = asset.gzip && /\bgzip\b/.test(req.header('accept-encoding') ?? '');
        if (gzip) headers['content-encoding'] = 'gzip';
        send(res, 200, headers, gzip ? asset.gzip! : asset.body);
      }),
    );
  }
}
