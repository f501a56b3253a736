// Runs the bot's turns for local Direct Line conversations: with an app id set the main adapter demands channel tokens, so these run on an anonymous one.
import type { Activity, ChannelAccount, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { CachingBotFrameworkAuthentication, NhsMailAdapter } from '../adapter/adapter.js';
import type { Logger } from '../logger.js';
import { selfServiceUrl } from './connector.js';
import { BOT_ACCOUNT } from './protocol.js';

export interface LocalTurnsDeps {
  /** true when the main adapter takes activities without a token (no MicrosoftAppId) */
  anonymous: boolean;
  adapter: NhsMailAdapter;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
}

/** Runs local Direct Line turns, and greets a conversation when it starts. */
export class LocalTurns {
  private readonly adapter: NhsMailAdapter;

  constructor(
    private readonly server: Server,
    private readonly deps: LocalTurnsDeps,
  ) {
    this.adapter = deps.anonymous ? deps.adapter : new NhsMailAdapter(new CachingBotFrameworkAuthentication({}));
    if (this.adapter !== deps.adapter) this.adapter.onTurnError = deps.adapter.onTurnError;
  }

  /** The serviceUrl local turns carry: the bot's own connector routes. */
  get serviceUrl(): string {
    return selfServiceUrl(this.server);
  }

  /** Runs a turn; failures are the adapter's to report (onTurnError), so they are only logged here. */
  async run(activity: Partial<Activity>): Promise<boolean> {
    try {
      await this.adapter.handle('', activity as Activity, this.deps.logic);
      return true;
    } catch (err) {
      this.deps.logger.error({ err, conversationId: activity.conversation?.id }, 'local Direct Line turn failed');
      return false;
    }
  }

  /** The conversationUpdate a channel sends when a conversation starts, so the bot says hello. */
  greet(conversationId: string, userId: string): void {
    const user: ChannelAccount = { id: userId, name: 'User', role: 'user' };
    void this.run({
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      timestamp: new Date(),
      channelId: 'directline',
      serviceUrl: this.serviceUrl,
      conversation: { id: conversationId } as Activity['conversation'],
      from: user,
      recipient: BOT_ACCOUNT,
      membersAdded: [BOT_ACCOUNT, user],
    });
  }
}
