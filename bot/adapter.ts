// The CloudAdapter, with processActivity reachable so /api/messages can validate first and map errors itself.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
} from 'botframework-connector';
import type { Config } from './config.js';

/** How many connector clients are kept: one per bot identity, channel service URL and audience in use. */
const CONNECTOR_CACHE_SIZE = 64;

/**
 * Hands out one ConnectorClient per (bot app id, service URL, audience) instead of a new one every turn.
 * CloudAdapter builds a client, with its whole HTTP pipeline, on every request even when the reply goes back
 * in the response body; the older BotFrameworkAdapter kept them in a map the same way. The credentials inside
 * a client fetch and refresh their own tokens, so a kept client stays valid. A failed creation is not kept.
 */
export class ConnectorClientCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly size = CONNECTOR_CACHE_SIZE) {}

  get count(): number {
    return this.clients.size;
  }

  /** A factory that creates through `inner` only when no client for the same identity and target is kept. */
  wrap(inner: ConnectorFactory, appId: string): ConnectorFactory {
    const cache = this;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return cache.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, () => inner.create(serviceUrl, audience));
      }
    })();
  }

  private get(key: string, create: () => Promise<ConnectorClient>): Promise<ConnectorClient> {
    let client = this.clients.get(key);
    if (client) {
      this.clients.delete(key);
    } else {
      client = create();
      client.catch(() => {
        if (this.clients.get(key) === client) this.clients.delete(key);
      });
    }
    this.clients.set(key, client);
    if (this.clients.size > this.size) this.clients.delete(this.clients.keys().next().value as string);
    return client;
  }
}

export class BotAdapter extends CloudAdapter {
  readonly connectors = new ConnectorClientCache();

  /** Authenticates (unless anonymous) and runs one turn; returns the invoke or expectReplies response. */
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const auth: AuthenticateRequestResult = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    if (auth.connectorFactory) {
      const identity = auth.claimsIdentity;
      const appId = identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
      auth.connectorFactory = this.connectors.wrap(auth.connectorFactory, appId);
    }
    return this.processActivity(auth, activity, logic);
  }
}

export function createAdapter(config: Config): BotAdapter {
  const settings = {
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType ?? (config.auth.appId ? 'MultiTenant' : undefined),
    MicrosoftAppTenantId: config.auth.tenantId,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  return new BotAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
}
