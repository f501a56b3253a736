// Every setting the service reads, parsed once from the environment and frozen.
import path from 'node:path';
import { z } from 'zod';
import { ChannelsEnvSchema, channelsConfig, type ChannelsConfig } from './channelsConfig.js';
import { bool, optionalText, parseEnvironment, urlList } from './envSchemas.js';
import { hasPlaygroundTeam, teamAllowList, type AllowedTeam } from '../helpdesk/allowList.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalText,
  BOT_OPENID_METADATA_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  ALLOW_ANONYMOUS: bool.default(false),
  SERVICE_URL_ALLOWLIST: urlList.default([]),
  STATE_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  MAX_BODY_KB: positiveInt(256),
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL (postgres://user:password@host:5432/database)' }).optional(),
  ),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR_LOCK_STALE_SECONDS: z.coerce.number().min(2).max(600).default(10),
  KB_DIR: optionalText,
  HELPDESK_API_KEY: optionalText.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  HELPDESK_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  HELPDESK_WEBHOOK_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  HELPDESK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  HELPDESK_CHANNEL_ALLOWLIST: teamAllowList.default([]),
  HELPDESK_DELIVERY_MAX_HOURS: z.coerce.number().positive().max(24 * 90).default(72),
  HELPDESK_DELIVERY_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  HELPDESK_FILING_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
  HELPDESK_FILING_WINDOW_MIN: z.coerce.number().positive().max(24 * 60).default(10),
  INSIGHTS_RETENTION_DAYS: z.coerce.number().int().min(8).max(3650).default(400),
  ...ChannelsEnvSchema.shape,
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly auth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId?: string;
    /** where the Bot Framework channel's OpenID metadata (and so its signing keys) is read; unset: the public cloud's */
    readonly openIdMetadataUrl?: string;
  };
  /** True when no app id is set: activities are accepted without a token. */
  readonly anonymous: boolean;
  /** Origins (besides loopback) that replies may be sent to in anonymous mode. */
  readonly serviceUrlAllowList: readonly string[];
  readonly stateTtlMs: number;
  readonly maxBodyBytes: number;
  /** with a URL every store lives in PostgreSQL (several instances); without one, in files under dataDir (one process) */
  readonly database?: { readonly url: string; readonly poolMax: number };
  /** without a database: how long the DATA_DIR lock of a process that died (SIGKILL) keeps a restart out */
  readonly dataDirLockStaleMs: number;
  readonly kbDir?: string;
  readonly helpdesk: {
    /** bearer key for /api/tickets; unset means the API refuses every call */
    readonly apiKey?: string;
    readonly webhookUrl?: string;
    readonly webhookSecret?: string;
    /** resolved tickets are purged this many days after resolution */
    readonly retentionDays: number;
    /** the Teams teams whose channels may be registered as the helpdesk channel; empty: none may */
    readonly channelAllowList: readonly AllowedTeam[];
    /** a delivery still failing this long after its event was created is given up and recorded on the ticket */
    readonly deliveryMaxAgeMs: number;
    /** each delivery attempt (and each call to a channel) is abandoned after this long */
    readonly deliveryTimeoutMs: number;
    /** requests one person, or one conversation, may file within the window */
    readonly filingLimit: { readonly max: number; readonly windowMs: number };
  };
  /** web chat (Direct Line), embedding and the Teams tab */
  readonly channels: ChannelsConfig;
  readonly insights: {
    /** insight events and their daily aggregates are purged this many days after their day */
    readonly retentionDays: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a frozen Config; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnvironment(EnvSchema, env);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  const e = parsed.data;
  const problems: string[] = [];
  const anonymous = !e.MicrosoftAppId;
  if (anonymous && (e.MicrosoftAppPassword || e.MicrosoftAppTenantId)) {
    problems.push('MicrosoftAppId: must be set when MicrosoftAppPassword or MicrosoftAppTenantId is set');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant');
  }
  if (anonymous && e.NODE_ENV === 'production' && !e.ALLOW_ANONYMOUS) {
    problems.push(
      'MicrosoftAppId: not set while NODE_ENV=production. Set MicrosoftAppId/MicrosoftAppPassword, ' +
        'or set ALLOW_ANONYMOUS=true to accept unauthenticated activities on purpose.',
    );
  }
  if (e.BOT_OPENID_METADATA_URL && anonymous) {
    problems.push('BOT_OPENID_METADATA_URL: only used with MicrosoftAppId (channel tokens are not checked without one)');
  }
  if (e.BOT_OPENID_METADATA_URL && e.NODE_ENV === 'production' && new URL(e.BOT_OPENID_METADATA_URL).protocol !== 'https:') {
    problems.push('BOT_OPENID_METADATA_URL: must use https in production (it decides which keys may sign channel tokens)');
  }
  if (e.HELPDESK_WEBHOOK_URL && !e.HELPDESK_WEBHOOK_SECRET) {
    problems.push('HELPDESK_WEBHOOK_SECRET: required when HELPDESK_WEBHOOK_URL is set (deliveries are signed with it)');
  }
  if (e.HELPDESK_WEBHOOK_URL && e.NODE_ENV === 'production') {
    const hook = new URL(e.HELPDESK_WEBHOOK_URL);
    if (hook.protocol !== 'https:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(hook.hostname)) {
      problems.push('HELPDESK_WEBHOOK_URL: must use https in production (tickets carry personal details)');
    }
  }
  if (e.NODE_ENV === 'production' && hasPlaygroundTeam(e.HELPDESK_CHANNEL_ALLOWLIST)) {
    problems.push("HELPDESK_CHANNEL_ALLOWLIST: holds the Agents Playground's team, which is not a real team (not allowed in production)");
  }
  const channels = channelsConfig(e, anonymous, problems, e.MicrosoftAppTenantId);
  if (problems.length) throw new ConfigError(problems);

  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    auth: Object.freeze({
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    }),
    anonymous,
    serviceUrlAllowList: Object.freeze(e.SERVICE_URL_ALLOWLIST.map((u) => new URL(u).origin)),
    stateTtlMs: e.STATE_TTL_HOURS * 3_600_000,
    maxBodyBytes: e.MAX_BODY_KB * 1024,
    database: e.DATABASE_URL ? Object.freeze({ url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }) : undefined,
    dataDirLockStaleMs: e.DATA_DIR_LOCK_STALE_SECONDS * 1000,
    kbDir: e.KB_DIR,
    helpdesk: Object.freeze({
      apiKey: e.HELPDESK_API_KEY,
      webhookUrl: e.HELPDESK_WEBHOOK_URL,
      webhookSecret: e.HELPDESK_WEBHOOK_SECRET,
      retentionDays: e.HELPDESK_RETENTION_DAYS,
      channelAllowList: Object.freeze(e.HELPDESK_CHANNEL_ALLOWLIST),
      deliveryMaxAgeMs: e.HELPDESK_DELIVERY_MAX_HOURS * 3_600_000,
      deliveryTimeoutMs: e.HELPDESK_DELIVERY_TIMEOUT_SECONDS * 1000,
      filingLimit: Object.freeze({ max: e.HELPDESK_FILING_LIMIT, windowMs: e.HELPDESK_FILING_WINDOW_MIN * 60_000 }),
    }),
    channels,
    insights: Object.freeze({ retentionDays: e.INSIGHTS_RETENTION_DAYS }),
  });
}
