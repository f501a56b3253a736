// The data behind the /insights page: GET /api/insights?from&to (the report as JSON) and GET /api/insights/<table>.csv
// (one of its tables), for the same callers as the ticket API: the helpdesk key, or Teams SSO with the helpdesk role.
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { helpdeskAccess } from '../auth/helpdeskAccess.js';
import { ERRORS, fail } from '../http/errors.js';
import { safe, sendJson } from '../http/server.js';
import { tableCsv } from './csv.js';
import { parseRange } from './range.js';
import type { DateRange, InsightsSource } from './report.js';
import { TABLE_IDS, insightsTables, type TableId, type TableWords } from './tables.js';

export interface InsightsApiDeps {
  config: Config;
  logger: Logger;
  /** where the report comes from: the app's recorded insights, or a seeded source in tests */
  insights: InsightsSource;
  /** the tables' words (page.insights.* replies, ticket type and status labels) */
  words: TableWords;
  now?: () => Date;
}

const CSV_FILE = /^([a-z-]+)\.csv$/;

export function registerInsightsApi(server: Server, deps: InsightsApiDeps): void {
  const access = helpdeskAccess(deps, 'bot:insights:sso');
  const now = deps.now ?? (() => new Date());

  /** Lets in helpdesk callers only; checks the range; hands the handler the report source and the range. */
  const guard = (handler: (req: Request, res: Response, source: InsightsSource, range: DateRange) => Promise<void>) =>
    safe(deps.logger, async (req, res) => {
      res.header('Cache-Control', 'no-store');
      const caller = await access(req);
      if (!caller.ok) {
        if (caller.reason === 'keys_unavailable') fail(ERRORS.ssoUnavailable);
        // a genuine Teams user without the role: signed in, not allowed (a bad or missing credential is 401)
        if (caller.reason === 'missing_role') fail(ERRORS.missingRole);
        res.header('WWW-Authenticate', 'Bearer');
        fail(ERRORS.unauthorized, 'helpdesk');
      }
      const parsed = parseRange(req.query, now());
      if (!parsed.ok) fail(ERRORS.invalidRange, parsed.problem);
      await handler(req, res, deps.insights, parsed.range);
    });

  server.get(
    '/api/insights',
    guard(async (_req, res, source, range) => {
      sendJson(res, 200, await source.report(range));
    }),
  );

  server.get(
    '/api/insights/:file',
    guard(async (req, res, source, range) => {
      const id = CSV_FILE.exec(String(req.params?.file ?? ''))?.[1];
      if (!id || !(TABLE_IDS as readonly string[]).includes(id)) fail(ERRORS.noInsightsTable, TABLE_IDS.map((t) => `${t}.csv`));
      const table = insightsTables(await source.report(range), deps.words).find((t) => t.id === (id as TableId))!;
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="insights-${id}-${range.from}-to-${range.to}.csv"`,
        'cache-control': 'no-store',
      });
      res.end(tableCsv(table));
    }),
  );
}
