// Who may use the helpdesk's HTTP APIs (tickets, insights): the holder of the helpdesk key, or a Teams SSO user with
// the helpdesk role when an Entra app is configured. One check, so both APIs let in exactly the same people.
import type { Request } from 'restify';
import type { Config } from '../config/config.js';
import { childLogger, type Logger } from '../logger.js';
import { bearerToken, secretsEqual } from '../http/server.js';
import { EntraTokenVerifier, SsoError, type SsoFailure } from './teamsSso.js';

/** The caller let in (with who they are, for records), or why not: no valid credential, or a failed SSO check. */
export type HelpdeskAccess = { ok: true; via: 'key' | 'sso'; name?: string } | { ok: false; reason: 'no_credential' | SsoFailure };

const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120);

/** Builds the check once (the SSO verifier caches the tenant's keys); call the result per request. */
export function helpdeskAccess(deps: { config: Config; logger: Logger }, logName: string): (req: Request) => Promise<HelpdeskAccess> {
  const { config } = deps;
  const sso = config.channels.teamsSso ? new EntraTokenVerifier(config.channels.teamsSso) : undefined;
  const ssoLog = childLogger(deps.logger, logName);
  return async (req) => {
    const token = bearerToken(req);
    const apiKey = config.helpdesk.apiKey;
    if (token && apiKey && secretsEqual(token, apiKey)) return { ok: true, via: 'key' };
    if (!sso || !token || token.split('.').length !== 3) return { ok: false, reason: 'no_credential' };
    try {
      const user = await sso.verify(token);
      return { ok: true, via: 'sso', name: clean(user.name ?? user.upn ?? user.oid) };
    } catch (e) {
      if (!(e instanceof SsoError)) throw e;
      ssoLog.info({ reason: e.reason }, 'Teams SSO token refused');
      return { ok: false, reason: e.reason };
    }
  };
}
