// The first thing a person sees: what the bot does, with the three journeys as buttons.
import type { Replies } from '../knowledge/replies.js';
import { submit } from './actions.js';
import { adaptiveCard, heading, note, numbered, textBlock, type CardReply } from './elements.js';

export function welcomeCard(r: Replies): CardReply {
  const options = [r.t('menu.eligibility'), r.t('menu.question'), r.t('menu.request'), r.t('menu.myRequests')];
  const card = adaptiveCard(
    [heading(r.t('welcome.title')), textBlock(r.t('welcome.body')), textBlock(r.t('welcome.automated')), note(r.t('welcome.privacy')), note(r.t('welcome.typeHint'))],
    [
      submit(r.t('menu.eligibility'), { action: 'start', flow: 'eligibility' }),
      submit(r.t('menu.question'), { action: 'start', flow: 'question' }),
      submit(r.t('menu.request'), { action: 'start', flow: 'request' }),
      submit(r.t('menu.myRequests'), { action: 'start', flow: 'myRequests' }),
    ],
  );
  const text = [`**${r.t('welcome.title')}**`, r.t('welcome.body'), r.t('welcome.automated'), numbered(options), r.t('welcome.privacy')].join('\n\n');
  return { card, text, meta: { kind: 'welcome' } };
}
