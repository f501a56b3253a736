// The authentication settings: the SSO audience agrees with the manifest the package script builds, and a bad
// Application ID URI or channel metadata URL stops start-up naming the variable.
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../bot/config/config.js';
import { packageSettings, renderManifest } from '../../scripts/package-teams.js';

const BOT = '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const SSO_APP = '0f1e2d3c-4b5a-4968-8776-65544332211f';
const TENANT = '11111111-2222-4333-8444-555555555555';
const SSO = { TEAMS_SSO_APP_ID: SSO_APP, TEAMS_SSO_TENANT_ID: TENANT };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('authentication settings', () => {
  it('takes the SSO audience from BOT_HOST exactly as package-teams writes webApplicationInfo.resource', () => {
    const manifest = renderManifest(packageSettings({ MicrosoftAppId: BOT, BOT_HOST: 'assistant.example.org', TEAMS_SSO_APP_ID: SSO_APP })) as {
      webApplicationInfo: { resource: string };
    };
    const config = loadConfig({ ...SSO, BOT_HOST: 'assistant.example.org' });
    expect(config.channels.teamsSso?.appIdUri).to.equal(manifest.webApplicationInfo.resource);
  });

  it('prefers TEAMS_SSO_APP_ID_URI when it is set', () => {
    const uri = `api://tickets.example.net/${SSO_APP}`;
    expect(loadConfig({ ...SSO, BOT_HOST: 'assistant.example.org', TEAMS_SSO_APP_ID_URI: uri }).channels.teamsSso?.appIdUri).to.equal(uri);
  });

  const bad: [string, Record<string, string>, string][] = [
    ['SSO without a URI or BOT_HOST', SSO, 'TEAMS_SSO_APP_ID_URI'],
    ['a URI that is not api://', { ...SSO, TEAMS_SSO_APP_ID_URI: `https://assistant.example.org/${SSO_APP}` }, 'TEAMS_SSO_APP_ID_URI'],
    ['a URI without a host', { ...SSO, TEAMS_SSO_APP_ID_URI: `api://${SSO_APP}` }, 'TEAMS_SSO_APP_ID_URI'],
    ['a URI for another app', { ...SSO, TEAMS_SSO_APP_ID_URI: 'api://assistant.example.org/ffffffff-0000-4000-8000-000000000000' }, 'TEAMS_SSO_APP_ID_URI'],
    ['a URI without the SSO app id', { TEAMS_SSO_APP_ID_URI: `api://assistant.example.org/${SSO_APP}` }, 'TEAMS_SSO_APP_ID'],
    ['a BOT_HOST with a scheme', { ...SSO, BOT_HOST: 'https://assistant.example.org' }, 'BOT_HOST'],
    ['a metadata URL that is not a URL', { MicrosoftAppId: BOT, BOT_OPENID_METADATA_URL: 'login.botframework.com' }, 'BOT_OPENID_METADATA_URL'],
    ['a metadata URL without MicrosoftAppId', { BOT_OPENID_METADATA_URL: 'https://login.example.org/v1/.well-known/openidconfiguration' }, 'BOT_OPENID_METADATA_URL'],
    ['a plain-http metadata URL in production', { NODE_ENV: 'production', MicrosoftAppId: BOT, BOT_OPENID_METADATA_URL: 'http://login.example.org/openid' }, 'BOT_OPENID_METADATA_URL'],
  ];
  for (const [name, env, variable] of bad) {
    it(`refuses ${name}, naming ${variable}`, () => {
      const found = problems(env);
      expect(found.some((p) => p.startsWith(`${variable}:`)), found.join('; ')).to.equal(true);
    });
  }

  it('keeps the channel metadata URL for the adapter, and none by default', () => {
    const url = 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration';
    expect(loadConfig({ MicrosoftAppId: BOT, BOT_OPENID_METADATA_URL: url }).auth.openIdMetadataUrl).to.equal(url);
    expect(loadConfig({ MicrosoftAppId: BOT }).auth.openIdMetadataUrl).to.equal(undefined);
  });
});
