// The environment is parsed once into a frozen Config; every bad value stops start-up naming the variable.
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, type Config } from '../../../bot/config/config.js';

const APP = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' };

/** The ConfigError's problems for an environment, or [] when it loads. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

const GOOD: [name: string, env: NodeJS.ProcessEnv, expected: (c: Config) => void][] = [
  [
    'defaults for an empty environment',
    {},
    (c) => {
      expect(c).to.include({ env: 'development', port: 3978, host: '0.0.0.0', logLevel: 'info', anonymous: true });
      expect(c.dataDir).to.equal(path.resolve('./data'));
      expect(c.serviceUrlAllowList).to.deep.equal([]);
      expect(c.stateTtlMs).to.equal(24 * 3_600_000);
      expect(c.maxBodyBytes).to.equal(256 * 1024);
      expect(c.kbDir).to.equal(undefined);
      expect(c.insights.retentionDays).to.equal(400);
    },
  ],
  ['PORT 0 (any free port)', { PORT: '0' }, (c) => expect(c.port).to.equal(0)],
  ['PORT 65535', { PORT: '65535' }, (c) => expect(c.port).to.equal(65535)],
  ['a relative DATA_DIR resolved to an absolute path', { DATA_DIR: 'var/state' }, (c) => expect(c.dataDir).to.equal(path.resolve('var/state'))],
  ['LOG_LEVEL silent', { LOG_LEVEL: 'silent' }, (c) => expect(c.logLevel).to.equal('silent')],
  [
    'an app id switches anonymous mode off',
    APP,
    (c) => {
      expect(c.anonymous).to.equal(false);
      expect(c.auth).to.include({ appId: APP.MicrosoftAppId, appPassword: 'x' });
    },
  ],
  ['a blank app id counts as none', { MicrosoftAppId: '   ' }, (c) => expect(c.anonymous).to.equal(true)],
  [
    'SingleTenant with its tenant',
    { ...APP, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'contoso.onmicrosoft.com' },
    (c) => expect(c.auth).to.include({ appType: 'SingleTenant', tenantId: 'contoso.onmicrosoft.com' }),
  ],
  ['production with an app id', { NODE_ENV: 'production', ...APP }, (c) => expect(c).to.include({ env: 'production', anonymous: false })],
  [
    'production without an app id when ALLOW_ANONYMOUS=true',
    { NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true' },
    (c) => expect(c).to.include({ env: 'production', anonymous: true }),
  ],
  [
    'SERVICE_URL_ALLOWLIST as a comma list, kept as origins',
    { SERVICE_URL_ALLOWLIST: 'https://smba.trafficmanager.net/uk/ , https://webchat.botframework.com,,http://10.0.0.5:8080/x' },
    (c) => expect(c.serviceUrlAllowList).to.deep.equal(['https://smba.trafficmanager.net', 'https://webchat.botframework.com', 'http://10.0.0.5:8080']),
  ],
  ['an empty SERVICE_URL_ALLOWLIST', { SERVICE_URL_ALLOWLIST: '' }, (c) => expect(c.serviceUrlAllowList).to.deep.equal([])],
  ['STATE_TTL_HOURS in hours', { STATE_TTL_HOURS: '0.5' }, (c) => expect(c.stateTtlMs).to.equal(1_800_000)],
  ['MAX_BODY_KB in kilobytes', { MAX_BODY_KB: '64' }, (c) => expect(c.maxBodyBytes).to.equal(65_536)],
  ['INSIGHTS_RETENTION_DAYS by default and as set', { INSIGHTS_RETENTION_DAYS: '30' }, (c) => expect(c.insights.retentionDays).to.equal(30)],
  ['variables it does not know are ignored', { PATH: '/bin', SOMETHING_ELSE: 'x' }, (c) => expect(c.port).to.equal(3978)],
];

const BAD: [name: string, env: NodeJS.ProcessEnv, variable: string][] = [
  ['PORT that is not a number', { PORT: 'abc' }, 'PORT'],
  ['PORT out of range', { PORT: '70000' }, 'PORT'],
  ['PORT negative', { PORT: '-1' }, 'PORT'],
  ['PORT with a fraction', { PORT: '80.5' }, 'PORT'],
  ['an unknown LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV'],
  ['an unknown MicrosoftAppType', { ...APP, MicrosoftAppType: 'Tenantless' }, 'MicrosoftAppType'],
  ['SingleTenant without a tenant', { ...APP, MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
  ['a password without an app id', { MicrosoftAppPassword: 'x' }, 'MicrosoftAppId'],
  ['production without an app id', { NODE_ENV: 'production' }, 'MicrosoftAppId'],
  ['production with ALLOW_ANONYMOUS=false', { NODE_ENV: 'production', ALLOW_ANONYMOUS: 'false' }, 'MicrosoftAppId'],
  ['ALLOW_ANONYMOUS that is not a yes/no', { ALLOW_ANONYMOUS: 'maybe' }, 'ALLOW_ANONYMOUS'],
  ['SERVICE_URL_ALLOWLIST with something that is not a URL', { SERVICE_URL_ALLOWLIST: 'https://ok.example.com,not a url' }, 'SERVICE_URL_ALLOWLIST'],
  ['SERVICE_URL_ALLOWLIST with an ftp URL', { SERVICE_URL_ALLOWLIST: 'ftp://files.example.com' }, 'SERVICE_URL_ALLOWLIST'],
  ['STATE_TTL_HOURS of zero', { STATE_TTL_HOURS: '0' }, 'STATE_TTL_HOURS'],
  ['MAX_BODY_KB that is not a whole number', { MAX_BODY_KB: 'lots' }, 'MAX_BODY_KB'],
  ['an empty HOST', { HOST: '' }, 'HOST'],
  ['INSIGHTS_RETENTION_DAYS shorter than the 8 days a deflection window needs', { INSIGHTS_RETENTION_DAYS: '7' }, 'INSIGHTS_RETENTION_DAYS'],
  ['INSIGHTS_RETENTION_DAYS that is not a whole number', { INSIGHTS_RETENTION_DAYS: 'a year' }, 'INSIGHTS_RETENTION_DAYS'],
];

describe('loadConfig', () => {
  for (const [name, env, expected] of GOOD) {
    it(`accepts ${name}`, () => expected(loadConfig(env)));
  }

  for (const [name, env, variable] of BAD) {
    it(`refuses ${name}, naming ${variable}`, () => {
      const found = problems(env);
      expect(found, 'loaded without complaint').to.not.deep.equal([]);
      expect(found.some((p) => p.startsWith(`${variable}:`)), found.join('\n')).to.equal(true);
    });
  }

  it('puts every problem in its message, each naming its variable', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect.fail('loaded');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      expect((err as Error).message).to.match(/PORT:/).and.match(/LOG_LEVEL:/);
    }
  });

  it('never repeats a secret in its message', () => {
    try {
      loadConfig({ MicrosoftAppPassword: 'S3cr3t-Value!' });
      expect.fail('loaded');
    } catch (err) {
      expect((err as Error).message).to.not.include('S3cr3t-Value!');
    }
  });

  it('returns a frozen config, all the way down', () => {
    const c = loadConfig({ ...APP, SERVICE_URL_ALLOWLIST: 'https://a.example.com' });
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.auth)).to.equal(true);
    expect(Object.isFrozen(c.serviceUrlAllowList)).to.equal(true);
    expect(() => {
      (c as { port: number }).port = 1;
    }).to.throw(TypeError);
    expect(() => (c.serviceUrlAllowList as string[]).push('https://evil.example.com')).to.throw(TypeError);
  });

  it('reads only the environment it is given', () => {
    const saved = process.env['PORT'];
    process.env['PORT'] = 'not-a-port';
    try {
      expect(loadConfig({}).port).to.equal(3978);
    } finally {
      if (saved === undefined) delete process.env['PORT'];
      else process.env['PORT'] = saved;
    }
  });
});
