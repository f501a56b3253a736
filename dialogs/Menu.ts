// Sends the welcome menu and the help text; used by the root and by every journey.
import type { TurnContext } from 'botbuilder';
import { welcomeCard } from '../cards/welcomeCard.js';
import type { Replies } from '../knowledge/replies.js';
import { sendReply, sendText } from './render.js';

export class Menu {
  constructor(private readonly replies: Replies) {}

  welcome(context: TurnContext): Promise<unknown> {
    return sendReply(context, welcomeCard(this.replies));
  }

  help(context: TurnContext): Promise<void> {
    return sendText(context, this.replies.t('help.text'));
  }
}
