// The eligibility check on screen: each question with its answer buttons, and the outcome card with route, reasons and checklist.
import type { Outcome } from '../knowledge/eligibility/decide.js';
import { questionFields } from '../knowledge/eligibility/loader.js';
import type { Question } from '../knowledge/eligibility/schema.js';
import type { Replies } from '../knowledge/replies.js';
import { submit } from './actions.js';
import { adaptiveCard, heading, note, numbered, textBlock, type CardElement, type CardReply } from './elements.js';

/** Buttons per row, so a long list of choices wraps instead of overflowing a host's action limit. */
const ROW = 3;

/** The answer buttons a question offers, as the text each one stands for. */
export function choiceLabels(r: Replies, q: Question): string[] {
  if (q.kind === 'choice') return q.choices.map((c) => r.t(c.label));
  if (q.kind === 'yesNo') return [r.t('eligibility.choice.yes'), r.t('eligibility.choice.no')];
  return [];
}

function bullets(items: readonly string[]): string {
  return items.map((s) => `- ${s}`).join('\n');
}

function rows(titles: readonly string[]): CardElement[] {
  const out: CardElement[] = [];
  for (let i = 0; i < titles.length; i += ROW) {
    out.push({ type: 'ActionSet', actions: titles.slice(i, i + ROW).map((t) => submit(t, { action: 'choose', value: t })) });
  }
  return out;
}

/** One question: its text, its choices as buttons (each sends the same words as typing it), "Not sure" and "Back". */
export function questionCard(r: Replies, q: Question, options: { canGoBack: boolean; lead?: string }): CardReply {
  const choices = choiceLabels(r, q);
  const extras = [r.t('eligibility.choice.unsure'), ...(options.canGoBack ? [r.t('eligibility.choice.back')] : [])];
  const hint = q.kind === 'number' && q.hint ? r.t(q.hint) : undefined;
  const typeHint = r.t(q.kind === 'choice' ? 'eligibility.typeHint.choice' : q.kind === 'yesNo' ? 'eligibility.typeHint.yesNo' : 'eligibility.typeHint.number');
  const prompt = r.t(q.prompt);

  const body: CardElement[] = [];
  if (options.lead) body.push(textBlock(options.lead));
  body.push(textBlock(prompt, { weight: 'Bolder' }));
  if (hint) body.push(note(hint));
  body.push(...rows(choices));
  body.push({ type: 'ActionSet', spacing: 'Medium', actions: extras.map((t) => submit(t, { action: 'choose', value: t })) });

  const text = [
    ...(options.lead ? [options.lead] : []),
    `**${prompt}**`,
    ...(q.kind === 'choice' ? [numbered(choices)] : []),
    ...(hint ? [hint] : []),
    typeHint,
  ].join('\n\n');
  return {
    card: adaptiveCard(body),
    text,
    meta: { kind: 'eligibilityQuestion', questionId: q.id, fields: questionFields(q), input: q.kind, choices, extras },
  };
}

/**
 * The result: the route in one line, why, what to check (assumptions made when the person was not sure), what to
 * have ready, the next step, what happens after, and two buttons. `assumed` lists the fields taken on assumption
 * and the reply key saying so: their reasons give way to that line, so nothing assumed is stated as said.
 */
export function outcomeCard(r: Replies, outcome: Outcome, assumed: readonly { field: string; key: string }[] = []): CardReply {
  const head = r.t(outcome.heading);
  const title = r.t(outcome.title);
  const assumedFields = new Set(assumed.map((a) => a.field));
  const reasons = outcome.reasons.filter((x) => !assumedFields.has(x.field)).map((x) => r.t(x.key, x.vars));
  const checks = [...new Set(assumed.map((a) => a.key))].map((k) => r.t(k));
  const checklist = outcome.checklist.map((c) => r.t(c.key));
  const next = r.t(outcome.nextStep.key);
  const link = outcome.nextStep.link;
  const after = outcome.afterwards.map((k) => r.t(k));
  const section = (key: string) => textBlock(r.t(key), { weight: 'Bolder', spacing: 'Medium' });

  const body: CardElement[] = [note(head), heading(title)];
  if (reasons.length) body.push(section('eligibility.outcome.why'), textBlock(bullets(reasons), { spacing: 'Small' }));
  if (checks.length) body.push(section('eligibility.outcome.assumed'), textBlock(bullets(checks), { spacing: 'Small' }));
  if (checklist.length) body.push(section('eligibility.outcome.checklist'), textBlock(bullets(checklist), { spacing: 'Small' }));
  body.push(section('eligibility.outcome.next'), textBlock(next, { spacing: 'Small' }));
  if (link) body.push({ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: r.t(link.label), url: link.url }] });
  body.push(section('eligibility.outcome.after'), textBlock(bullets(after), { spacing: 'Small' }));

  const actions = [
    submit(r.t('eligibility.outcome.ask'), { action: 'start', flow: 'question' }),
    submit(r.t('eligibility.outcome.again'), { action: 'start', flow: 'eligibility' }),
  ];
  const text = [
    `${head}: **${title}**`,
    ...(reasons.length ? [`**${r.t('eligibility.outcome.why')}**\n${bullets(reasons)}`] : []),
    ...(checks.length ? [`**${r.t('eligibility.outcome.assumed')}**\n${bullets(checks)}`] : []),
    ...(checklist.length ? [`**${r.t('eligibility.outcome.checklist')}**\n${bullets(checklist)}`] : []),
    `**${r.t('eligibility.outcome.next')}**\n${next}${link ? ` ${link.url}` : ''}`,
    `**${r.t('eligibility.outcome.after')}**\n${bullets(after)}`,
    r.t('eligibility.outcome.typeHint'),
  ].join('\n\n');
  return {
    card: adaptiveCard(body, actions),
    text,
    meta: {
      kind: 'eligibility',
      route: outcome.route,
      routeId: outcome.route,
      eligible: outcome.eligible,
      reasons: outcome.reasons.map((x) => x.key),
      checklist: outcome.checklist.map((c) => c.id),
      assumed: [...assumedFields],
    },
  };
}

/**
 * The route in one line, after an answer card that already explained it: the heading and title of the outcome,
 * and a button (or the typed words *show our route*) for the full card with the reasons, checklist and next step.
 * It carries the outcome's meta, so the route reached is recorded as for the full card.
 */
export function routeLineCard(r: Replies, outcome: Outcome): CardReply {
  const head = r.t(outcome.heading);
  const title = r.t(outcome.title);
  const show = r.t('eligibility.routeLine.show');
  const body: CardElement[] = [
    note(r.t('eligibility.routeLine.lead')),
    textBlock(`${head}: **${title}**`),
    { type: 'ActionSet', actions: [submit(show, { action: 'showRoute' })] },
    note(r.t('eligibility.routeLine.typeHint')),
  ];
  const text = [r.t('eligibility.routeLine.lead'), `${head}: **${title}**`, r.t('eligibility.routeLine.typeHint')].join('\n\n');
  return {
    card: adaptiveCard(body),
    text,
    meta: { kind: 'eligibility', route: outcome.route, routeId: outcome.route, eligible: outcome.eligible, brief: true },
  };
}
