// The CloudAdapter, with processActivity reachable so /api/messages can validate first and map errors itself.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from './config.js';

export class BotAdapter extends CloudAdapter {
  /** Authenticates (unless anonymous) and runs one turn; returns the invoke or expectReplies response. */
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
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
