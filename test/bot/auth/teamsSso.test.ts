// Teams SSO tokens for the helpdesk: every check that can refuse a token, and the signing keys' caching.
import { expect } from 'chai';
import type { KeyObject } from 'node:crypto';
import { EntraTokenVerifier, SsoError, type SsoFailure, type SsoSettings } from '../../../bot/auth/teamsSso.js';
import { appIdUriFor, signToken, ssoClaims, testKey } from '../../fixtures/entraTokens.js';

const settings: SsoSettings = {
  appId: '0f1e2d3c-4b5a-4968-8776-65544332211f',
  appIdUri: appIdUriFor('0f1e2d3c-4b5a-4968-8776-65544332211f'),
  tenantId: '11111111-2222-4333-8444-555555555555',
  role: 'Helpdesk',
  authority: 'https://login.example.test',
};
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

const main = testKey('key-1');
const other = testKey('key-2');
/** Our key published again under another id, for RS384 only. */
const rs384 = { ...main.jwk, kid: 'rs384-key', alg: 'RS384' };

function token(claims: Record<string, unknown> = {}, opts: { key?: KeyObject; kid?: string; alg?: string } = {}): string {
  return signToken(main, ssoClaims(settings.appId, settings.tenantId, NOW, claims), { alg: opts.alg, kid: opts.kid, signWith: opts.key });
}

function verifier(keys: object[] = [main.jwk, rs384], now = () => NOW) {
  const fetched: string[] = [];
  const state = { keys, fail: false };
  const fakeFetch = (async (url: string) => {
    fetched.push(url);
    if (state.fail) throw new TypeError('fetch failed');
    return new Response(JSON.stringify({ keys: state.keys }), { status: 200 });
  }) as unknown as typeof fetch;
  return { v: new EntraTokenVerifier(settings, { fetch: fakeFetch, now }), fetched, state };
}

async function refusal(v: EntraTokenVerifier, t: string): Promise<SsoFailure | 'accepted'> {
  try {
    await v.verify(t);
    return 'accepted';
  } catch (err) {
    if (err instanceof SsoError) return err.reason;
    throw err;
  }
}

describe('Teams SSO token verifier', () => {
  it('accepts a valid v1 token for the api:// audience and returns who it is', async () => {
    const { v, fetched } = verifier();
    expect(await v.verify(token())).to.deep.equal({ oid: 'user-object-id', name: 'Helen Helpdesk', upn: 'helen.helpdesk@nhs.net' });
    expect(fetched).to.deep.equal([`${settings.authority}/${settings.tenantId}/discovery/v2.0/keys`]);
  });

  it('accepts a token from the v2 issuer for the Application ID URI', async () => {
    const { v } = verifier();
    const t = token({ iss: `${settings.authority}/${settings.tenantId}/v2.0`, preferred_username: 'helen@nhs.net', upn: undefined });
    expect((await v.verify(t)).upn).to.equal('helen@nhs.net');
  });

  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const nowS = NOW / 1000;

  const cases: [string, () => string, SsoFailure][] = [
    ['not a JWT', () => 'abc.def', 'malformed'],
    ['garbage parts', () => 'a.b.c', 'malformed'],
    ['alg none', () => token({}, { alg: 'none' }), 'unsupported_algorithm'],
    ['alg none, unsigned', () => `${part({ alg: 'none', typ: 'JWT' })}.${part(ssoClaims(settings.appId, settings.tenantId, NOW))}.`, 'unsupported_algorithm'],
    ['a header that is JSON null', () => signToken(main, ssoClaims(settings.appId, settings.tenantId, NOW), { rawHeader: null }), 'malformed'],
    ['a header that is a number', () => signToken(main, ssoClaims(settings.appId, settings.tenantId, NOW), { rawHeader: 7 }), 'malformed'],
    ['a header that is an array', () => signToken(main, ssoClaims(settings.appId, settings.tenantId, NOW), { rawHeader: ['RS256'] }), 'malformed'],
    ['a payload that is JSON null', () => signToken(main, null), 'malformed'],
    ['a payload that is a string', () => signToken(main, 'claims'), 'malformed'],
    ['a payload that is an array', () => signToken(main, [ssoClaims(settings.appId, settings.tenantId, NOW)]), 'malformed'],
    ['a payload that is a number', () => signToken(main, 42), 'malformed'],
    ['no key id', () => signToken(main, ssoClaims(settings.appId, settings.tenantId, NOW), { rawHeader: { alg: 'RS256' } }), 'malformed'],
    ['RS256 header against a key published for RS384', () => token({}, { kid: 'rs384-key' }), 'unknown_key'],
    ['HS256', () => token({}, { alg: 'HS256' }), 'unsupported_algorithm'],
    ['signed by another key with our key id', () => token({}, { key: other.privateKey }), 'bad_signature'],
    ['an unknown key id', () => token({}, { key: other.privateKey, kid: other.kid }), 'unknown_key'],
    ['another issuer', () => token({ iss: 'https://sts.windows.net/evil/' }), 'wrong_issuer'],
    ['another tenant', () => token({ tid: 'other-tenant' }), 'wrong_tenant'],
    ['another app', () => token({ aud: 'api://assistant.example.org/ffffffff-0000-4000-8000-000000000000' }), 'wrong_audience'],
    ['Microsoft Graph as audience', () => token({ aud: 'https://graph.microsoft.com' }), 'wrong_audience'],
    ['the bare app id as audience', () => token({ aud: settings.appId }), 'wrong_audience'],
    ['another host\'s URI for the same app', () => token({ aud: `api://evil.example.org/${settings.appId}` }), 'wrong_audience'],
    ['the URI with a different case', () => token({ aud: settings.appIdUri.toUpperCase() }), 'wrong_audience'],
    ['the URI plus a second audience', () => token({ aud: [settings.appIdUri, 'https://graph.microsoft.com'] }), 'wrong_audience'],
    ['a lifetime over a day (from iat)', () => token({ iat: nowS - 60, nbf: undefined, exp: nowS + 25 * 3600 }), 'too_long_lived'],
    ['a lifetime over a day (from nbf)', () => token({ iat: undefined, nbf: nowS - 60, exp: nowS + 25 * 3600 }), 'too_long_lived'],
    ['issued long ago with a long life', () => token({ iat: nowS - 30 * 3600, nbf: nowS - 30 * 3600, exp: nowS + 60 }), 'too_long_lived'],
    ['neither iat nor nbf', () => token({ iat: undefined, nbf: undefined }), 'too_long_lived'],
    ['exp that is not a number', () => token({ exp: String(nowS + 60) }), 'expired'],
    ['expired more than 5 minutes ago', () => token({ exp: NOW / 1000 - 301 }), 'expired'],
    ['no expiry', () => token({ exp: undefined }), 'expired'],
    ['not valid for 10 minutes', () => token({ nbf: NOW / 1000 + 600 }), 'not_yet_valid'],
    ['no access_as_user scope', () => token({ scp: 'User.Read' }), 'missing_scope'],
    ['no Helpdesk role', () => token({ roles: ['Reader'] }), 'missing_role'],
    ['no roles at all', () => token({ roles: undefined }), 'missing_role'],
  ];
  for (const [name, make, reason] of cases) {
    it(`refuses ${name}: ${reason}`, async () => {
      const { v } = verifier();
      expect(await refusal(v, make())).to.equal(reason);
    });
  }

  it('tolerates five minutes of clock skew', async () => {
    const { v } = verifier();
    expect(await refusal(v, token({ exp: NOW / 1000 - 200 }))).to.equal('accepted');
  });

  it('caches the keys, refetching for a new key id at most once a minute', async () => {
    let now = NOW;
    const { v, fetched, state } = verifier([main.jwk], () => now);
    await v.verify(token());
    await v.verify(token());
    expect(fetched).to.have.length(1);
    expect(await refusal(v, token({}, { key: other.privateKey, kid: other.kid }))).to.equal('unknown_key');
    expect(fetched, 'not refetched within a minute').to.have.length(1);
    state.keys = [main.jwk, other.jwk];
    now += 61_000;
    expect(await refusal(v, token({ exp: now / 1000 + 60 }, { key: other.privateKey, kid: other.kid }))).to.equal('accepted');
    expect(fetched).to.have.length(2);
  });

  it('keeps working on cached keys when the key endpoint is down, and says so when it never answered', async () => {
    let now = NOW;
    const { v, state } = verifier([main.jwk], () => now);
    await v.verify(token());
    state.fail = true;
    now += 13 * 3_600_000;
    expect(await refusal(v, token({ exp: now / 1000 + 60, nbf: now / 1000 }))).to.equal('accepted');
    const down = verifier();
    down.state.fail = true;
    expect(await refusal(down.v, token())).to.equal('keys_unavailable');
  });
});
