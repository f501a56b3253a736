// Channel settings from the environment: when the local Direct Line is on, SSO's tenant, and named errors.
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../bot/config/config.js';

const APP = { MicrosoftAppId: '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', MicrosoftAppPassword: 'x' };
const SSO_APP = '0f1e2d3c-4b5a-4968-8776-65544332211f';
const TENANT = '11111111-2222-4333-8444-555555555555';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('channel settings', () => {
  const localCases: [string, Record<string, string>, boolean][] = [
    ['without an app id', {}, true],
    ['with an app id', APP, false],
    ['with an app id, enabled explicitly', { ...APP, DIRECT_LINE_LOCAL: 'true' }, true],
    ['without an app id, disabled explicitly', { DIRECT_LINE_LOCAL: 'false' }, false],
  ];
  for (const [name, env, local] of localCases) {
    it(`local Direct Line ${local ? 'on' : 'off'} ${name}`, () => {
      expect(loadConfig(env).channels.directLine.local).to.equal(local);
    });
  }

  it('keeps only the origin of Direct Line and embedding URLs, and defaults sensibly', () => {
    const c = loadConfig({ DIRECT_LINE_BASE_URL: 'https://europe.directline.botframework.com/v3/directline', WEBCHAT_ALLOWED_ORIGINS: 'https://a.example.org/x, https://b.example.org' }).channels;
    expect(c.directLine.baseUrl).to.equal('https://europe.directline.botframework.com');
    expect(c.webChatAllowedOrigins).to.deep.equal(['https://a.example.org', 'https://b.example.org']);
    expect(c.directLine.tokenTtlMs).to.equal(30 * 60_000);
    expect(c.directLine.longPollMs).to.equal(5_000);
    expect(loadConfig({ DIRECT_LINE_LONG_POLL_SEC: '0' }).channels.directLine.longPollMs).to.equal(0);
    expect(c.teamsSso).to.equal(undefined);
  });

  it('Teams SSO needs a tenant, from TEAMS_SSO_TENANT_ID or MicrosoftAppTenantId', () => {
    expect(problems({ TEAMS_SSO_APP_ID: SSO_APP, BOT_HOST: 'bot.example.org' })).to.deep.equal(['TEAMS_SSO_TENANT_ID: required when TEAMS_SSO_APP_ID is set (or set MicrosoftAppTenantId)']);
    expect(loadConfig({ TEAMS_SSO_APP_ID: SSO_APP, TEAMS_SSO_TENANT_ID: TENANT, BOT_HOST: 'bot.example.org' }).channels.teamsSso).to.deep.equal({
      appId: SSO_APP,
      appIdUri: `api://bot.example.org/${SSO_APP}`,
      tenantId: TENANT,
      role: 'Helpdesk',
      authority: 'https://login.microsoftonline.com',
    });
    const fromBot = loadConfig({ ...APP, MicrosoftAppTenantId: TENANT, TEAMS_SSO_APP_ID: SSO_APP, BOT_HOST: 'bot.example.org' }).channels.teamsSso;
    expect(fromBot?.tenantId).to.equal(TENANT);
  });

  const bad: [Record<string, string>, string][] = [
    [{ DIRECT_LINE_LOCAL: 'maybe' }, 'DIRECT_LINE_LOCAL'],
    [{ DIRECT_LINE_BASE_URL: 'directline' }, 'DIRECT_LINE_BASE_URL'],
    [{ WEBCHAT_ALLOWED_ORIGINS: 'care.example.org' }, 'WEBCHAT_ALLOWED_ORIGINS'],
    [{ DIRECT_LINE_TOKEN_TTL_MIN: '0' }, 'DIRECT_LINE_TOKEN_TTL_MIN'],
    // Web Chat's client drops a request after 20 s: a hold near that would break its polling
    [{ DIRECT_LINE_LONG_POLL_SEC: '20' }, 'DIRECT_LINE_LONG_POLL_SEC'],
    [{ DIRECT_LINE_LONG_POLL_SEC: '-1' }, 'DIRECT_LINE_LONG_POLL_SEC'],
    [{ TEAMS_SSO_APP_ID: 'not-a-guid' }, 'TEAMS_SSO_APP_ID'],
  ];
  for (const [env, name] of bad) {
    it(`names ${name} when it is wrong`, () => {
      expect(problems(env).some((p) => p.startsWith(`${name}:`)), problems(env).join('; ')).to.equal(true);
    });
  }
});
