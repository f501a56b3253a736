// Checks the Entra ID token the helpdesk tab gets from Teams SSO, so helpdesk staff can use the ticket API
// without the shared key: signature against the tenant's published keys, issuer, audience, time, scope and role.
import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface SsoSettings {
  /** the Entra app the tab's token is issued for (webApplicationInfo.id in the Teams manifest) */
  readonly appId: string;
  readonly tenantId: string;
  /** app role a user needs (assigned to helpdesk staff in Entra) */
  readonly role: string;
  /** https://login.microsoftonline.com, or a stand-in in tests */
  readonly authority: string;
}

/** Who the token belongs to, for the ticket history ("by"). */
export interface SsoUser {
  readonly oid: string;
  readonly name?: string;
  readonly upn?: string;
}

export type SsoFailure =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_tenant'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_scope'
  | 'missing_role'
  | 'keys_unavailable';

export class SsoError extends Error {
  constructor(readonly reason: SsoFailure) {
    super(`Teams SSO token refused: ${reason}`);
    this.name = 'SsoError';
  }
}

/** The scope Teams SSO asks for (api://host/appId/access_as_user). */
export const SSO_SCOPE = 'access_as_user';
const SKEW_S = 300;
const KEYS_TTL_MS = 12 * 3_600_000;
const REFETCH_AFTER_MS = 60_000;

interface Claims {
  iss?: unknown;
  aud?: unknown;
  tid?: unknown;
  exp?: unknown;
  nbf?: unknown;
  scp?: unknown;
  roles?: unknown;
  oid?: unknown;
  name?: unknown;
  preferred_username?: unknown;
  upn?: unknown;
}

function decodePart<T>(part: string | undefined): T {
  if (!part) throw new SsoError('malformed');
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T;
  } catch {
    throw new SsoError('malformed');
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class EntraTokenVerifier {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private pending?: Promise<void>;

  constructor(
    private readonly settings: SsoSettings,
    private readonly deps: { fetch?: typeof fetch; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Verifies a bearer token from Teams SSO; throws SsoError saying which check failed. */
  async verify(token: string): Promise<SsoUser> {
    const parts = token.split('.');
    if (parts.length !== 3 || token.length > 16_384) throw new SsoError('malformed');
    const header = decodePart<{ alg?: unknown; kid?: unknown }>(parts[0]);
    const claims = decodePart<Claims>(parts[1]);
    if (header.alg !== 'RS256') throw new SsoError('unsupported_algorithm');
    const kid = str(header.kid);
    if (!kid) throw new SsoError('malformed');

    const key = await this.key(kid);
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verifySignature('RSA-SHA256', signed, key, Buffer.from(parts[2]!, 'base64url'))) throw new SsoError('bad_signature');

    const { appId, tenantId, role, authority } = this.settings;
    const issuers = [`${authority}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
    if (!issuers.includes(str(claims.iss) ?? '')) throw new SsoError('wrong_issuer');
    if (str(claims.tid) !== tenantId) throw new SsoError('wrong_tenant');
    const aud = str(claims.aud) ?? '';
    if (aud !== appId && !(aud.startsWith('api://') && aud.endsWith(`/${appId}`))) throw new SsoError('wrong_audience');
    const nowS = this.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp + SKEW_S <= nowS) throw new SsoError('expired');
    if (typeof claims.nbf === 'number' && claims.nbf - SKEW_S > nowS) throw new SsoError('not_yet_valid');
    if (!(str(claims.scp) ?? '').split(' ').includes(SSO_SCOPE)) throw new SsoError('missing_scope');
    if (!Array.isArray(claims.roles) || !claims.roles.includes(role)) throw new SsoError('missing_role');
    const oid = str(claims.oid);
    if (!oid) throw new SsoError('malformed');
    return { oid, name: str(claims.name), upn: str(claims.preferred_username) ?? str(claims.upn) };
  }

  /** The signing key by id, from the tenant's published keys; refetched when stale or when a new key id appears. */
  private async key(kid: string): Promise<KeyObject> {
    const stale = this.now() - this.fetchedAt >= KEYS_TTL_MS;
    const unknownButMayBeNew = !this.keys.has(kid) && this.now() - this.fetchedAt > REFETCH_AFTER_MS;
    if (stale || unknownButMayBeNew) await this.refresh();
    const key = this.keys.get(kid);
    if (!key) throw new SsoError('unknown_key');
    return key;
  }

  private refresh(): Promise<void> {
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<void> {
    const url = `${this.settings.authority}/${this.settings.tenantId}/discovery/v2.0/keys`;
    let body: { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
    try {
      const res = await (this.deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(String(res.status));
      body = (await res.json()) as typeof body;
    } catch {
      // Try again in a minute, not on every request; keep the keys we had meanwhile.
      this.fetchedAt = this.now() - KEYS_TTL_MS + REFETCH_AFTER_MS;
      if (!this.keys.size) throw new SsoError('keys_unavailable');
      return;
    }
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use && jwk.use !== 'sig')) continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
      } catch {
        // a key we cannot read is skipped, not fatal
      }
    }
    this.keys = keys;
    this.fetchedAt = this.now();
  }
}
