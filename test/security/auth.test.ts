// Production mode's channel tokens, proved over HTTP: botbuilder checks them against stand-in Bot Framework OpenID
// metadata and keys on loopback; a valid token is taken, every forged or mismatched one is a 401, never a 500.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { signToken, testKey, type TestKey } from '../fixtures/entraTokens.js';
import { startApp, type RunningApp } from '../e2e/channelsHarness.js';

const APP_ID = '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';

/** A stand-in for login.botframework.com: OpenID metadata pointing at a key set, each key with its endorsements. */
class StandInBotFrameworkLogin {
  private readonly server: http.Server;
  base = '';

  constructor(keys: { key: TestKey; endorsements: string[] }[]) {
    this.server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${this.base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/v1/.well-known/keys') {
        res.end(JSON.stringify({ keys: keys.map(({ key, endorsements }) => ({ ...key.jwk, endorsements })) }));
      } else {
        res.statusCode = 500;
        res.end('{}');
      }
    });
  }

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

const nowS = () => Math.floor(Date.now() / 1000);

/** The claims the Bot Framework channel service puts in the token it sends with each activity. */
const channelClaims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: APP_ID,
  serviceurl: SERVICE_URL,
  nbf: nowS() - 60,
  exp: nowS() + 3600,
  ...extra,
});

const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function activity(deliveryMode: 'expectReplies' | 'normal', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    // A normal-delivery message would make the bot fetch an outbound token from Entra; typing gets no reply.
    type: deliveryMode === 'expectReplies' ? 'message' : 'typing',
    text: deliveryMode === 'expectReplies' ? 'help' : undefined,
    id: `a-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    conversation: { id: `a:conv-${Math.random().toString(36).slice(2)}`, conversationType: 'personal' },
    from: { id: '29:user', name: 'Tester' },
    recipient: { id: `28:${APP_ID}`, name: 'NHSmail Assistant' },
    ...(deliveryMode === 'expectReplies' ? { deliveryMode } : {}),
    ...extra,
  };
}

async function post(app: RunningApp, body: Record<string, unknown>, authorization?: string) {
  const res = await fetch(`${app.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('channel tokens in production mode (stand-in Bot Framework OpenID metadata on loopback)', () => {
  const teamsKey = testKey('bf-key-teams');
  const webchatOnlyKey = testKey('bf-key-webchat');
  const stranger = testKey('bf-key-stranger');
  const login = new StandInBotFrameworkLogin([
    { key: teamsKey, endorsements: ['msteams', 'webchat', 'directline'] },
    { key: webchatOnlyKey, endorsements: ['webchat'] },
  ]);
  let app: RunningApp;
  let quiet: typeof console.error;

  before(async () => {
    // botframework-connector writes refused tokens to console.error; the assertions below say what matters.
    quiet = console.error;
    console.error = () => {};
    await login.start();
    app = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-by-these-tests', BOT_OPENID_METADATA_URL: login.metadataUrl });
  });
  after(async () => {
    console.error = quiet;
    await app.stop();
    await login.stop();
  });

  const bearer = (token: string) => `Bearer ${token}`;
  const valid = () => signToken(teamsKey, channelClaims());

  it('accepts a valid channel token with expectReplies and answers in the body', async () => {
    const res = await post(app, activity('expectReplies'), bearer(valid()));
    expect(res.status).to.equal(200);
    expect((res.body as { activities: unknown[] }).activities).to.be.an('array').that.is.not.empty;
  });

  it('accepts a valid channel token with normal delivery', async () => {
    const res = await post(app, activity('normal'), bearer(valid()));
    expect(res.status).to.be.within(200, 299);
  });

  const refused: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['another scheme', () => `Basic ${valid()}`],
    ['the wrong audience (another bot)', () => bearer(signToken(teamsKey, channelClaims({ aud: 'ffffffff-0000-4000-8000-000000000000' })))],
    ['no audience', () => bearer(signToken(teamsKey, channelClaims({ aud: undefined })))],
    ['the wrong issuer', () => bearer(signToken(teamsKey, channelClaims({ iss: 'https://api.botframework.example.org' })))],
    ['an expired token', () => bearer(signToken(teamsKey, channelClaims({ nbf: nowS() - 7200, exp: nowS() - 3600 })))],
    ['a token not valid yet', () => bearer(signToken(teamsKey, channelClaims({ nbf: nowS() + 3600, exp: nowS() + 7200 })))],
    ['an unsigned token', () => bearer(`${part({ alg: 'RS256', typ: 'JWT', kid: teamsKey.kid })}.${part(channelClaims())}.`)],
    ['alg none', () => bearer(`${part({ alg: 'none', typ: 'JWT', kid: teamsKey.kid })}.${part(channelClaims())}.`)],
    ['alg none with a signature', () => bearer(signToken(teamsKey, channelClaims(), { alg: 'none' }))],
    ['HS256 keyed with the public key', () => bearer(signToken(teamsKey, channelClaims(), { alg: 'HS256' }))],
    ['a key id not in the key set', () => bearer(signToken(stranger, channelClaims()))],
    ['a known key id signed by another key', () => bearer(signToken(teamsKey, channelClaims(), { signWith: stranger.privateKey }))],
    ['a key not endorsed for the channel', () => bearer(signToken(webchatOnlyKey, channelClaims()))],
    ['a serviceurl claim that differs from the activity', () => bearer(signToken(teamsKey, channelClaims({ serviceurl: 'https://attacker.example.org/' })))],
    ['no serviceurl claim', () => bearer(signToken(teamsKey, channelClaims({ serviceurl: undefined })))],
    ['a header that is JSON null', () => bearer(signToken(teamsKey, channelClaims(), { rawHeader: null }))],
    ['a payload that is JSON null', () => bearer(signToken(teamsKey, null))],
    ['a payload that is a number', () => bearer(signToken(teamsKey, 7))],
  ];
  for (const mode of ['expectReplies', 'normal'] as const) {
    for (const [name, authorization] of refused) {
      it(`refuses ${name} with 401 JSON (${mode})`, async () => {
        const res = await post(app, activity(mode, mode === 'normal' ? { type: 'message', text: 'help' } : {}), authorization());
        expect(res.status, JSON.stringify(res.body)).to.equal(401);
        expect(res.type).to.match(/^application\/json/);
        expect(res.body).to.deep.equal({ error: { code: 'unauthorized', message: 'A valid Bot Framework token is required.' } });
      });
    }
  }

  it('checks the serviceurl claim against a serviceUrl the activity leaves out (expectReplies)', async () => {
    const res = await post(app, activity('expectReplies', { serviceUrl: undefined }), bearer(valid()));
    expect(res.status).to.equal(401);
  });

  describe('when the channel metadata or keys cannot be fetched', () => {
    it('answers 503 with Retry-After when the stand-in server is stopped', async () => {
      const gone = await new StandInBotFrameworkLogin([{ key: teamsKey, endorsements: ['msteams'] }]).start();
      const url = gone.metadataUrl;
      await gone.stop();
      const down = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', BOT_OPENID_METADATA_URL: url });
      try {
        for (const mode of ['expectReplies', 'normal'] as const) {
          const res = await post(down, activity(mode), bearer(valid()));
          expect(res.status, mode).to.equal(503);
          expect(res.retryAfter).to.equal('5');
          expect((res.body as { error: { code: string } }).error.code).to.equal('auth_unavailable');
        }
      } finally {
        await down.stop();
      }
    });

    it('answers 503, not 401, when the metadata endpoint answers with an error', async () => {
      const down = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', BOT_OPENID_METADATA_URL: `${login.base}/broken/openidconfiguration` });
      try {
        const res = await post(down, activity('expectReplies'), bearer(valid()));
        expect(res.status).to.equal(503);
        expect(res.retryAfter).to.equal('5');
      } finally {
        await down.stop();
      }
    });
  });
});
