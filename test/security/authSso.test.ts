// Teams SSO tokens of any shape: whatever JSON a signed token's header and payload hold, the verifier answers with
// an SsoError (a 401 at the ticket API) or a user, never another error (a 500).
import { expect } from 'chai';
import fc from 'fast-check';
import { EntraTokenVerifier, SsoError, type SsoSettings } from '../../bot/auth/teamsSso.js';
import { appIdUriFor, signToken, ssoClaims, testKey } from '../fixtures/entraTokens.js';

const APP_ID = '0f1e2d3c-4b5a-4968-8776-65544332211f';
const TENANT = '11111111-2222-4333-8444-555555555555';
const settings: SsoSettings = { appId: APP_ID, appIdUri: appIdUriFor(APP_ID), tenantId: TENANT, role: 'Helpdesk', authority: 'https://login.example.test' };
const key = testKey('key-1');
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

const verifier = () =>
  new EntraTokenVerifier(settings, {
    fetch: (async () => new Response(JSON.stringify({ keys: [key.jwk] }), { status: 200 })) as unknown as typeof fetch,
    now: () => NOW,
  });

/** Resolves to 'accepted' or the refusal's reason; anything else that is thrown fails the property. */
async function outcome(v: EntraTokenVerifier, token: string): Promise<string> {
  try {
    await v.verify(token);
    return 'accepted';
  } catch (err) {
    if (err instanceof SsoError) return err.reason;
    throw err;
  }
}

describe('Teams SSO verifier against tokens of any shape (fast-check)', () => {
  const claims = ssoClaims(APP_ID, TENANT, NOW);
  const anyValue = fc.jsonValue({ maxDepth: 2 });
  /** A valid token's claims with some replaced by arbitrary JSON values. */
  const mutatedClaims = fc
    .dictionary(fc.constantFrom(...Object.keys(claims), 'iat', 'ver', 'azp'), anyValue, { maxKeys: 4 })
    .map((changes) => ({ ...claims, ...changes }));

  it('refuses any JSON as header or payload with an SsoError', async () => {
    const v = verifier();
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyValue, fc.record({ alg: anyValue, kid: anyValue })), fc.oneof(anyValue, mutatedClaims), async (header, payload) => {
        expect(await outcome(v, signToken(key, payload, { rawHeader: header }))).to.not.equal('accepted');
      }),
      { numRuns: 300 },
    );
  });

  it('answers every mutation of a valid signed token with a user or an SsoError', async () => {
    const v = verifier();
    await fc.assert(
      fc.asyncProperty(mutatedClaims, async (payload) => {
        expect(await outcome(v, signToken(key, payload))).to.be.a('string');
      }),
      { numRuns: 300 },
    );
  });
});
