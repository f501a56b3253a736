// Settings for where people meet the bot: the web chat's Direct Line (local or Azure), embedding, the Teams tab.
import { z } from 'zod';
import { bool, optionalText, urlList } from './envSchemas.js';
import type { SsoSettings } from '../auth/teamsSso.js';

const optionalGuid = optionalText.pipe(
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID').optional(),
);

/** The public host name, as `npm run package:teams` reads it to build the manifest's SSO resource. */
const hostName = optionalText.pipe(
  z
    .string()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be the public host name only, such as nhsmail-assistant.example.org')
    .optional(),
);

const appIdUri = optionalText.pipe(
  z
    .string()
    .max(400)
    .regex(/^api:\/\/[^\s/?#]+\/[^\s?#]+$/, 'must be an Application ID URI such as api://<BOT_HOST>/<TEAMS_SSO_APP_ID>')
    .optional(),
);

const minutes = (fallback: number) => z.coerce.number().positive().max(7 * 24 * 60).default(fallback);

/** The environment variables read here; merged into the main EnvSchema in bot/config/config.ts. */
export const ChannelsEnvSchema = z.object({
  DIRECT_LINE_LOCAL: z.enum(['auto', 'true', 'false', '1', '0', 'yes', 'no', '']).default('auto'),
  DIRECT_LINE_SECRET: optionalText,
  DIRECT_LINE_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://directline.botframework.com'),
  DIRECT_LINE_TOKEN_TTL_MIN: minutes(30),
  DIRECT_LINE_IDLE_MIN: minutes(120),
  DIRECT_LINE_MAX_CONVERSATIONS: z.coerce.number().int().positive().default(2000),
  DIRECT_LINE_UNSTARTED_MIN: z.coerce.number().positive().max(60).default(3),
  DIRECT_LINE_MAX_UNSTARTED: z.coerce.number().int().positive().default(5000),
  DIRECT_LINE_QUEUE_BUDGET_MB: z.coerce.number().positive().max(64 * 1024).default(64),
  // Web Chat's Direct Line client gives up on a request after 20 s, so a held poll must answer well before that
  DIRECT_LINE_LONG_POLL_SEC: z.coerce.number().min(0).max(15).default(5),
  DIRECT_LINE_CLIENT_CONVERSATIONS_PER_MIN: z.coerce.number().int().positive().max(100_000).default(30),
  DIRECT_LINE_CLIENT_ACTIVITIES_PER_MIN: z.coerce.number().int().positive().max(100_000).default(120),
  TRUST_PROXY: bool.default(false),
  WEBCHAT_ALLOWED_ORIGINS: urlList.default([]),
  TEAMS_SSO_APP_ID: optionalGuid,
  TEAMS_SSO_TENANT_ID: optionalGuid,
  TEAMS_SSO_APP_ID_URI: appIdUri,
  BOT_HOST: hostName,
  TEAMS_SSO_ROLE: z.string().trim().min(1).max(100).default('Helpdesk'),
  ENTRA_AUTHORITY: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),
});

export interface ChannelsConfig {
  readonly directLine: {
    /** the bot serves a Direct Line 3.0-compatible endpoint itself under /v3/directline */
    readonly local: boolean;
    /** Azure Bot Service Direct Line secret, exchanged server-side for short-lived tokens */
    readonly secret?: string;
    /** Azure Direct Line origin (e.g. https://europe.directline.botframework.com) */
    readonly baseUrl: string;
    readonly tokenTtlMs: number;
    readonly idleMs: number;
    readonly maxConversations: number;
    /** a conversation whose token was made but which was never started lives this long */
    readonly unstartedMs: number;
    readonly maxUnstarted: number;
    /** bytes all conversations' queues may hold together */
    readonly queueBudgetBytes: number;
    /** how long GET .../activities holds on when there is nothing new (0: answers at once) */
    readonly longPollMs: number;
    /** per client: tokens and conversations made, and activities posted, per minute (also the burst) */
    readonly clientConversationsPerMin: number;
    readonly clientActivitiesPerMin: number;
  };
  /** a reverse proxy the operator trusts sets X-Forwarded-For; its first address is the client */
  readonly trustProxy: boolean;
  /** other sites' origins allowed to embed the chat widget (frame-ancestors) */
  readonly webChatAllowedOrigins: readonly string[];
  /** Entra app id the helpdesk tab uses for Teams SSO; without it the tab asks for the helpdesk key */
  readonly teamsSsoAppId?: string;
  /** how the ticket API checks the tab's SSO tokens, when an Entra app is configured */
  readonly teamsSso?: SsoSettings;
}

/**
 * Builds the channel settings. The local Direct Line is on by default only when the bot runs
 * without a MicrosoftAppId (local use); with one it must be enabled explicitly.
 */
export function channelsConfig(
  e: z.infer<typeof ChannelsEnvSchema>,
  anonymous: boolean,
  problems: string[],
  botTenantId?: string,
): ChannelsConfig {
  const flag = e.DIRECT_LINE_LOCAL;
  const ssoTenant = e.TEAMS_SSO_TENANT_ID ?? botTenantId;
  if (e.TEAMS_SSO_APP_ID && !ssoTenant) {
    problems.push('TEAMS_SSO_TENANT_ID: required when TEAMS_SSO_APP_ID is set (or set MicrosoftAppTenantId)');
  }
  // The audience must be the Application ID URI exactly, the same one package-teams puts in webApplicationInfo.
  const ssoUri = e.TEAMS_SSO_APP_ID_URI ?? (e.BOT_HOST && e.TEAMS_SSO_APP_ID ? `api://${e.BOT_HOST}/${e.TEAMS_SSO_APP_ID}` : undefined);
  if (e.TEAMS_SSO_APP_ID && !ssoUri) {
    problems.push('TEAMS_SSO_APP_ID_URI: required when TEAMS_SSO_APP_ID is set (or set BOT_HOST, giving api://<BOT_HOST>/<TEAMS_SSO_APP_ID>)');
  }
  if (e.TEAMS_SSO_APP_ID_URI && !e.TEAMS_SSO_APP_ID) {
    problems.push('TEAMS_SSO_APP_ID: required when TEAMS_SSO_APP_ID_URI is set');
  }
  if (e.TEAMS_SSO_APP_ID && ssoUri && !ssoUri.endsWith(`/${e.TEAMS_SSO_APP_ID}`)) {
    problems.push('TEAMS_SSO_APP_ID_URI: must end with /<TEAMS_SSO_APP_ID>, as Teams SSO requires');
  }
  const local = flag === 'auto' || flag === '' ? anonymous : ['true', '1', 'yes'].includes(flag);
  return Object.freeze({
    directLine: Object.freeze({
      local,
      secret: e.DIRECT_LINE_SECRET,
      baseUrl: new URL(e.DIRECT_LINE_BASE_URL).origin,
      tokenTtlMs: e.DIRECT_LINE_TOKEN_TTL_MIN * 60_000,
      idleMs: e.DIRECT_LINE_IDLE_MIN * 60_000,
      maxConversations: e.DIRECT_LINE_MAX_CONVERSATIONS,
      unstartedMs: e.DIRECT_LINE_UNSTARTED_MIN * 60_000,
      maxUnstarted: e.DIRECT_LINE_MAX_UNSTARTED,
      queueBudgetBytes: Math.round(e.DIRECT_LINE_QUEUE_BUDGET_MB * 1024 * 1024),
      longPollMs: Math.round(e.DIRECT_LINE_LONG_POLL_SEC * 1000),
      clientConversationsPerMin: e.DIRECT_LINE_CLIENT_CONVERSATIONS_PER_MIN,
      clientActivitiesPerMin: e.DIRECT_LINE_CLIENT_ACTIVITIES_PER_MIN,
    }),
    trustProxy: e.TRUST_PROXY,
    webChatAllowedOrigins: Object.freeze(e.WEBCHAT_ALLOWED_ORIGINS.map((u) => new URL(u).origin)),
    teamsSsoAppId: e.TEAMS_SSO_APP_ID,
    teamsSso:
      e.TEAMS_SSO_APP_ID && ssoTenant && ssoUri
        ? Object.freeze({
            appId: e.TEAMS_SSO_APP_ID,
            appIdUri: ssoUri,
            tenantId: ssoTenant,
            role: e.TEAMS_SSO_ROLE,
            authority: new URL(e.ENTRA_AUTHORITY).origin,
          })
        : undefined,
  });
}
