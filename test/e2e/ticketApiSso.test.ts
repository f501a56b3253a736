// The ticket API accepts the helpdesk tab's Teams SSO token (checked against a stand-in Entra key endpoint)
// as well as the key, records who acted from the token, and refuses tokens without the helpdesk role.
import { expect } from 'chai';
import { SSO_APP_ID as APP_ID, SSO_HOST, SSO_TENANT_ID as TENANT, appIdUriFor, signToken, ssoClaims, startStandInEntra, type StandInEntra } from '../fixtures/entraTokens.js';
import { sampleRequest } from '../helpdesk/fixtures/tickets.js';
import { startApp, type RunningApp } from './channelsHarness.js';

const KEY = 'helpdesk-test-key-0123456789abcdef';

describe('ticket API with Teams SSO (HTTP, stand-in Entra keys)', () => {
  let entra: StandInEntra;
  let running: RunningApp;
  let ref: string;

  before(async () => {
    entra = await startStandInEntra();
    running = await startApp({ HELPDESK_API_KEY: KEY, ...entra.env });
    ref = (await running.app.deps.helpdesk.service.file(sampleRequest('locked-out', 'sso-user'))).ticket.ref;
  });
  after(async () => {
    await running.stop();
    await entra.close();
  });

  const call = (bearer: string, method = 'GET', path = '/api/tickets', body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${running.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  const sso = (extra?: Record<string, unknown>) => entra.token(extra);

  it('lists tickets for a helpdesk user signed in with Teams', async () => {
    const res = await call(sso());
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { tickets: { ref: string }[] };
    expect(body.tickets.map((t) => t.ref)).to.include(ref);
  });

  it('records the signed-in user as the one who acted, whatever X-Helpdesk-User says', async () => {
    const res = await call(sso(), 'PATCH', `/api/tickets/${ref}`, { assignee: 'Helen Helpdesk', note: 'On it' }, { 'x-helpdesk-user': 'Someone Else' });
    expect(res.status).to.equal(200);
    const ticket = (await res.json()) as { history: { by: string; note?: string }[] };
    expect(ticket.history.at(-1)).to.include({ by: 'Helen Helpdesk', note: 'On it' });
  });

  const refused: [string, Record<string, unknown>][] = [
    ['without the helpdesk role', { roles: ['Reader'] }],
    ['from another tenant', { tid: '99999999-2222-4333-8444-555555555555' }],
    ['for another app', { aud: 'api://assistant.example.org/ffffffff-0000-4000-8000-000000000000' }],
    ['that has expired', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['whose audience is the bare app id', { aud: APP_ID }],
    ['whose audience is another api:// URI for the app', { aud: `api://other.example.org/${APP_ID}` }],
    ['that claims to live for a week', { exp: Math.floor(Date.now() / 1000) + 7 * 24 * 3600 }],
  ];
  for (const [name, claims] of refused) {
    it(`refuses a token ${name} with 401`, async () => {
      const res = await call(sso(claims));
      expect(res.status).to.equal(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
    });
  }

  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const forged: [string, () => string][] = [
    ['a header that is JSON null', () => signToken(entra.key, ssoClaims(APP_ID, TENANT, Date.now()), { rawHeader: null })],
    ['a payload that is JSON null', () => signToken(entra.key, null)],
    ['a payload that is a number', () => signToken(entra.key, 1)],
    ['alg none, unsigned', () => `${part({ alg: 'none', typ: 'JWT' })}.${part(ssoClaims(APP_ID, TENANT, Date.now()))}.`],
  ];
  for (const [name, make] of forged) {
    it(`refuses ${name} with 401, not 500`, async () => {
      const res = await call(make());
      expect(res.status).to.equal(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
    });
  }

  it('checks the audience against TEAMS_SSO_APP_ID_URI when it is set', async () => {
    const uri = `api://tickets.example.net/${APP_ID}`;
    const custom = await startApp({ TEAMS_SSO_APP_ID: APP_ID, TEAMS_SSO_TENANT_ID: TENANT, TEAMS_SSO_APP_ID_URI: uri, ENTRA_AUTHORITY: running.app.deps.config.channels.teamsSso!.authority });
    try {
      const ask = (aud: string) => fetch(`${custom.base}/api/tickets`, { headers: { authorization: `Bearer ${sso({ aud })}` } });
      expect((await ask(uri)).status).to.equal(200);
      expect((await ask(appIdUriFor(APP_ID))).status).to.equal(401);
    } finally {
      await custom.stop();
    }
  });

  it('still takes the helpdesk key', async () => {
    expect((await call(KEY)).status).to.equal(200);
  });

  it('answers 503, not 401, when the Entra keys cannot be fetched', async () => {
    const down = await startApp({ TEAMS_SSO_APP_ID: APP_ID, TEAMS_SSO_TENANT_ID: TENANT, BOT_HOST: SSO_HOST, ENTRA_AUTHORITY: 'http://127.0.0.1:9' });
    try {
      const res = await fetch(`${down.base}/api/tickets`, { headers: { authorization: `Bearer ${sso()}` } });
      expect(res.status).to.equal(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('sso_unavailable');
    } finally {
      await down.stop();
    }
  });
});
