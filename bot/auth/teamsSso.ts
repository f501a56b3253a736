// Checks the Entra ID token the helpdesk tab gets from Teams SSO, so helpdesk staff can use the ticket API
// without the shared key: signature against the tenant's published keys (jose), issuer, audience, time, scope and role.
import { createLocalJWKSet, decodeProtectedHeader, errors, importJWK, jwtVerify, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';

export interface SsoSettings {
  /** the Entra app the tab's token is issued for (webApplicationInfo.id in the Teams manifest) */
  readonly appId: string;
  /** the app's Application ID URI (webApplicationInfo.resource), the only audience accepted */
  readonly appIdUri: string;
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
  | 'too_long_lived'
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
/** Entra access tokens live 60 to 90 minutes; one claiming more than a day was not minted for this use. */
const MAX_LIFETIME_S = 24 * 3600;
const MAX_TOKEN_CHARS = 16_384;
const KEYS_TTL_MS = 12 * 3_600_000;
const REFETCH_AFTER_MS = 60_000;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Which check a jose error stands for. */
function reasonOf(err: unknown): SsoFailure | undefined {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'exp') return 'expired';
    if (err.claim === 'nbf') return 'not_yet_valid';
    if (err.claim === 'iss') return 'wrong_issuer';
    if (err.claim === 'aud') return 'wrong_audience';
    return 'malformed';
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (err instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'unsupported_algorithm';
  if (err instanceof errors.JOSEError) return 'malformed';
  return undefined;
}

export class EntraTokenVerifier {
  private keys = createLocalJWKSet({ keys: [] });
  private kids = new Set<string>();
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
    if (token.length > MAX_TOKEN_CHARS || token.split('.').length !== 3) throw new SsoError('malformed');
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new SsoError('malformed');
    }
    if (header.alg !== 'RS256') throw new SsoError('unsupported_algorithm');
    const kid = str(header.kid);
    if (!kid) throw new SsoError('malformed');
    await this.ensureKey(kid);

    const { appIdUri, tenantId, role, authority } = this.settings;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: [`${authority}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
        audience: appIdUri,
        requiredClaims: ['exp'],
        clockTolerance: SKEW_S,
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      const reason = reasonOf(err);
      if (!reason) throw err;
      throw new SsoError(reason);
    }
    if (str(claims.tid) !== tenantId) throw new SsoError('wrong_tenant');
    if (str(claims.aud) !== appIdUri) throw new SsoError('wrong_audience');
    const exp = claims.exp!;
    const starts = [claims.iat, claims.nbf].filter((t): t is number => typeof t === 'number');
    if (!starts.length || starts.some((t) => exp - t > MAX_LIFETIME_S)) throw new SsoError('too_long_lived');
    if (!(str(claims.scp) ?? '').split(' ').includes(SSO_SCOPE)) throw new SsoError('missing_scope');
    if (!Array.isArray(claims.roles) || !claims.roles.includes(role)) throw new SsoError('missing_role');
    const oid = str(claims.oid);
    if (!oid) throw new SsoError('malformed');
    return { oid, name: str(claims.name), upn: str(claims.preferred_username) ?? str(claims.upn) };
  }

  /** Refetches the tenant's published keys when stale, or when a new key id appears (at most once a minute). */
  private async ensureKey(kid: string): Promise<void> {
    const stale = this.now() - this.fetchedAt >= KEYS_TTL_MS;
    const unknownButMayBeNew = !this.kids.has(kid) && this.now() - this.fetchedAt > REFETCH_AFTER_MS;
    if (stale || unknownButMayBeNew) await this.refresh();
    if (!this.kids.has(kid)) throw new SsoError('unknown_key');
  }

  private refresh(): Promise<void> {
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<void> {
    const url = `${this.settings.authority}/${this.settings.tenantId}/discovery/v2.0/keys`;
    let body: unknown;
    try {
      const res = await (this.deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
      if (!res.ok) throw new Error(String(res.status));
      body = await res.json();
    } catch {
      // Try again in a minute, not on every request; keep the keys we had meanwhile.
      this.fetchedAt = this.now() - KEYS_TTL_MS + REFETCH_AFTER_MS;
      if (!this.kids.size) throw new SsoError('keys_unavailable');
      return;
    }
    const listed = (body as { keys?: unknown } | null)?.keys;
    const usable = (Array.isArray(listed) ? listed : []).filter(
      (k): k is JWK & { kid: string } =>
        typeof k === 'object' && k !== null && k.kty === 'RSA' && typeof k.kid === 'string' && (k.use === undefined || k.use === 'sig'),
    );
    // A published key that cannot be read is skipped, not fatal.
    const readable = await Promise.all(usable.map((k) => importJWK(k, 'RS256').then(() => k, () => undefined)));
    const set: JSONWebKeySet = { keys: readable.filter((k) => k !== undefined) };
    this.keys = createLocalJWKSet(set);
    this.kids = new Set(set.keys.map((k) => k.kid!));
    this.fetchedAt = this.now();
  }
}
