// Answers a question from the knowledge base, and follows up typed feedback or a typed choice.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { answerCard, answerMoreCard, choicesCard } from '../cards/answerCard.js';
import type { FeedbackRecorder } from '../knowledge/feedbackStore.js';
import type { IntentMatcher } from '../knowledge/intents.js';
import type { KnowledgeContent } from '../knowledge/loader.js';
import { redact } from '../knowledge/redact.js';
import type { FaqEntry } from '../knowledge/schema.js';
import type { KnowledgeSearch, SearchOutcome } from '../knowledge/search.js';
import { tokenize } from '../knowledge/language/tokenize.js';
import { sendReply, sendText } from './render.js';

/** What the conversation remembers so "yes", "no" or "2" can be typed instead of clicked. */
export interface FaqMemory {
  lastAnswer?: { entryId: string; question: string };
  choices?: string[];
  /** the choices answer "which did you mean?" (the bot waits for a pick), rather than list an answer's related questions */
  asked?: boolean;
}

export interface FaqDeps {
  kb: KnowledgeContent;
  search: KnowledgeSearch;
  intents: IntentMatcher;
  feedback: FeedbackRecorder;
  memory: StatePropertyAccessor<FaqMemory>;
}

export class FaqResponder {
  constructor(private readonly deps: FaqDeps) {}

  /** Answers, offers choices, or refuses; records what it could not answer. */
  async answer(context: TurnContext, question: string): Promise<SearchOutcome> {
    const outcome = this.deps.search.search(question);
    await this.send(context, question, outcome);
    return outcome;
  }

  /** Answers only when the knowledge base is confident; used for questions asked in the middle of a journey. */
  async answerIfConfident(context: TurnContext, question: string): Promise<boolean> {
    const outcome = this.deps.search.search(question);
    if (outcome.kind !== 'answer') return false;
    await this.send(context, question, outcome);
    return true;
  }

  /** Handles "yes"/"no" after an answer or "2"/a title after choices; true if the text was used. */
  async followUp(context: TurnContext, text: string): Promise<boolean> {
    const memory = await this.deps.memory.get(context, {});
    const intent = this.deps.intents.match(text);
    if (memory.lastAnswer && (intent === 'yes' || intent === 'no')) {
      await this.feedback(context, memory.lastAnswer.entryId, intent === 'yes');
      return true;
    }
    if (memory.lastAnswer && intent === 'more') {
      await this.more(context, memory.lastAnswer.entryId);
      return true;
    }
    if (memory.choices?.length) {
      const chosen = this.pickChoice(memory.choices, text);
      if (chosen) {
        await this.sendEntry(context, chosen, chosen.question);
        return true;
      }
    }
    return false;
  }

  /** The details behind an answer's "More", asked for by typing "more" after it or by a card button. */
  async more(context: TurnContext, entryId: string): Promise<void> {
    const entry = this.deps.kb.byId.get(entryId);
    if (!entry) {
      await sendText(context, this.deps.kb.replies.t('answer.noMore'));
      return;
    }
    await sendReply(context, answerMoreCard(this.deps.kb, entry));
  }

  async feedback(context: TurnContext, entryId: string, helpful: boolean): Promise<void> {
    const r = this.deps.kb.replies;
    const memory = await this.deps.memory.get(context, {});
    if (!this.deps.kb.byId.has(entryId)) {
      await sendText(context, r.t('feedback.nothing'));
      return;
    }
    const question = memory.lastAnswer?.entryId === entryId ? memory.lastAnswer.question : '';
    await this.deps.feedback.recordFeedback(entryId, helpful, question);
    delete memory.lastAnswer;
    await this.deps.memory.set(context, memory);
    await sendText(
      context,
      helpful ? r.t('feedback.thanksYes') : r.t('feedback.thanksNo', { phone: r.t('contact.phone'), email: r.t('contact.email') }),
      { kind: 'feedback', entryId, helpful },
    );
  }

  private async send(context: TurnContext, question: string, outcome: SearchOutcome): Promise<void> {
    if (outcome.kind === 'answer') return this.sendEntry(context, outcome.best.entry, question, outcome.others.map((h) => h.entry));
    const r = this.deps.kb.replies;
    const memory = await this.deps.memory.get(context, {});
    delete memory.lastAnswer;
    const candidates = outcome.candidates.map((h) => h.entry);
    await this.deps.feedback.recordGap(question, outcome.kind, candidates.map((e) => e.id));
    if (outcome.kind === 'offTopic') {
      delete memory.choices;
      delete memory.asked;
      await this.deps.memory.set(context, memory);
      await sendText(context, r.t('offTopic.text'), { kind: 'offTopic' });
      return;
    }
    memory.choices = candidates.map((e) => e.id);
    memory.asked = true;
    await this.deps.memory.set(context, memory);
    await sendReply(context, choicesCard(r, candidates));
  }

  private async sendEntry(context: TurnContext, entry: FaqEntry, question: string, others: FaqEntry[] = []): Promise<void> {
    const byId = this.deps.kb.byId;
    // The search's two runners-up come first: when the answer missed what was meant, they are the likeliest
    // other readings. Then the entry's own related questions, what people usually want to read next.
    const related = [...others.slice(0, 2), ...entry.related.map((id) => byId.get(id)), ...others.slice(2)]
      .filter((e): e is FaqEntry => !!e && e.id !== entry.id)
      .filter((e, i, all) => all.findIndex((x) => x.id === e.id) === i)
      .slice(0, 3);
    // Related questions are numbered in the plain-text version, so "2" can pick one there as well.
    await this.deps.memory.set(context, {
      lastAnswer: { entryId: entry.id, question: redact(question).text },
      choices: related.map((e) => e.id),
    });
    await sendReply(context, answerCard(this.deps.kb, entry, related));
  }

  private pickChoice(ids: string[], text: string): FaqEntry | undefined {
    const entries = ids.map((id) => this.deps.kb.byId.get(id)).filter((e): e is FaqEntry => !!e);
    const n = tokenize(text).join(' ');
    const index = /^\d$/.test(n) ? Number(n) - 1 : ['first', 'second', 'third'].indexOf(n.replace(/ one$/, ''));
    if (index >= 0) return entries[index];
    return entries.find((e) => tokenize(e.title).join(' ') === n || tokenize(e.question).join(' ') === n);
  }
}
