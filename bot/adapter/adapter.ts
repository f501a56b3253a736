// The CloudAdapter, with processActivity reachable so /api/messages can validate first and map errors itself.
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  DeliveryModes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  AuthenticationConstants,
  AuthenticationError,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../config/config.js';
import { isServiceUrlAllowed } from './serviceUrls.js';
import { ALLOW_ALL, guardClient, type ClientUse, type OutboundRules } from './outbound.js';

/** How many clients are kept: one per bot identity, channel service URL and audience in use. */
const CLIENT_CACHE_SIZE = 64;

/** A bounded, least-recently-used set of clients being created or made; a failed creation is not kept. */
export class ClientCache {
  private readonly clients: LRUCache<string, Promise<unknown>>;

  constructor(size = CLIENT_CACHE_SIZE) {
    this.clients = new LRUCache({ max: size });
  }

  get count(): number {
    return this.clients.size;
  }

  get<T>(key: string, create: () => Promise<T>): Promise<T> {
    const kept = this.clients.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const created = create();
    created.catch(() => {
      if (this.clients.peek(key) === created) this.clients.delete(key);
    });
    this.clients.set(key, created);
    return created;
  }

  /**
   * A connector factory that creates through `inner` only when no client for the same identity, target and use
   * is kept, and readies each new client with `prepare`. Clients that refuse every call serve any service URL.
   */
  connectorFactory(inner: ConnectorFactory, appId: string, use: ClientUse = 'reply', prepare: (client: ConnectorClient) => ConnectorClient = (c) => c): ConnectorFactory {
    const cache = this;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const target = use === 'refuse' ? '' : serviceUrl;
        return cache.get(`connector\n${use}\n${appId}\n${target}\n${audience ?? ''}`, async () => prepare(await inner.create(serviceUrl, audience)));
      }
    })();
  }
}

/** The bot's app id as the SDK reads it from an inbound identity (audience claim, else app id claim). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** True when the bearer token's header and payload are JSON objects, as botbuilder assumes without checking. */
function isWellFormedBearer(authHeader: string): boolean {
  const [scheme, token, ...rest] = authHeader.trim().split(' ');
  if (scheme !== 'Bearer' || !token || rest.length) return false;
  try {
    decodeProtectedHeader(token);
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/**
 * CloudAdapter's authentication builds a ConnectorClient and a UserTokenClient, each with a whole HTTP pipeline,
 * on every request, even when the replies go back in the response body and no token is ever fetched: together
 * about a tenth of a FAQ turn's CPU. This keeps them per app id, service URL and audience instead, as the older
 * BotFrameworkAdapter kept its connector clients. The credentials inside a client fetch and refresh their own
 * tokens, so a kept client stays valid.
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  readonly clients = new ClientCache();
  /** with an app id every activity needs a channel token; without one botbuilder ignores the header */
  private readonly checksTokens: boolean;

  /** `outbound`: where every connector client may send, and how long a call may take (outbound.ts) */
  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    credentials?: ServiceClientCredentialsFactory,
    readonly outbound: OutboundRules = ALLOW_ALL,
  ) {
    super(settings, credentials);
    this.checksTokens = Boolean(settings?.MicrosoftAppId);
  }

  /** The clients of a turn a channel started: guarded, and refusing every call when the replies go back in the response. */
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    // A token whose header or payload is JSON null makes botbuilder's emulator check throw a TypeError (a 500).
    if (this.checksTokens && !isWellFormedBearer(authHeader)) {
      throw new AuthenticationError('Unauthorized. The token is not a well-formed JWT.', 401);
    }
    const result = await super.authenticateRequest(activity, authHeader);
    const use: ClientUse = activity.deliveryMode === DeliveryModes.ExpectReplies ? 'refuse' : 'reply';
    if (result.connectorFactory) result.connectorFactory = this.guarded(result.connectorFactory, appIdOf(result.claimsIdentity), use);
    return result;
  }

  /** The clients of turns the bot starts itself (continueConversationAsync, createConversationAsync). */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.guarded(super.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), 'proactive');
  }

  private guarded(inner: ConnectorFactory, appId: string, use: ClientUse): ConnectorFactory {
    return this.clients.connectorFactory(inner, appId, use, (client) => guardClient(client, this.outbound, use));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.clients.get(`userToken\n${appIdOf(claimsIdentity)}`, () => super.createUserTokenClient(claimsIdentity));
  }
}

/** Marks, in turnState, a turn the bot started itself (a delivery), not one a channel sent. */
const PROACTIVE_TURN = Symbol('proactiveTurn');

/** True for a turn the bot started itself: its failure belongs to whoever started it, not to the conversation. */
export function isProactiveTurn(context: TurnContext): boolean {
  return context.turnState.get(PROACTIVE_TURN) === true;
}

export class NhsMailAdapter extends CloudAdapter {
  constructor(readonly authentication: CachingBotFrameworkAuthentication) {
    super(authentication);
  }

  /**
   * Runs a turn the bot starts (continueConversationAsync). The SDK hands an error thrown inside it to onTurnError
   * and resolves, so a failed delivery looked delivered; here the error is rethrown to the caller (the outbox)
   * instead, and onTurnError never sees it, so nothing is posted into the conversation about it.
   */
  protected override async processProactive(
    claimsIdentity: ClaimsIdentity,
    continuationActivity: Partial<Activity>,
    audience: string | undefined,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failed = false;
    let failure: unknown;
    await super.processProactive(claimsIdentity, continuationActivity, audience, async (context) => {
      context.turnState.set(PROACTIVE_TURN, true);
      try {
        await logic(context);
      } catch (e) {
        failed = true;
        failure = e;
      }
    });
    if (failed) throw failure;
  }

  /** Authenticates (unless anonymous) and runs one turn; returns the invoke or expectReplies response. */
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The public cloud's channel settings with the channel's OpenID metadata read from `openIdMetadataUrl`. botbuilder
 * takes all of these as given once any is set, so each is spelt out with the value it would otherwise default to.
 */
function channelMetadataSettings(openIdMetadataUrl: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

export function createAdapter(config: Config): NhsMailAdapter {
  const settings = {
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType ?? (config.auth.appId ? 'MultiTenant' : undefined),
    MicrosoftAppTenantId: config.auth.tenantId,
    ...(config.auth.openIdMetadataUrl ? channelMetadataSettings(config.auth.openIdMetadataUrl) : {}),
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const outbound: OutboundRules = { allowed: (url) => isServiceUrlAllowed(config, url), timeoutMs: config.helpdesk.deliveryTimeoutMs };
  return new NhsMailAdapter(new CachingBotFrameworkAuthentication(settings, credentials, outbound));
}
