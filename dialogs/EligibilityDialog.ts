// The guided eligibility check: asks what decide() needs, one question at a time, listens for facts and corrections
// in every message, then shows the route card and remembers the facts for a while so a change of mind re-decides.
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { CardActionSchema } from '../cards/actions.js';
import { outcomeCard, questionCard, routeLineCard } from '../cards/eligibilityCards.js';
import { cleanAnswers, isField, keyPart, type Answers, type Field } from '../knowledge/eligibility/answers.js';
import { decide } from '../knowledge/eligibility/decide.js';
import { asksBeyondJoining, detectEligibilityRequest, namesDetail, namesWays, saysLacking, statedFacts, wantsToJoin } from '../knowledge/eligibility/detect.js';
import { factReader } from '../knowledge/eligibility/extract.js';
import { Message } from '../knowledge/language/message.js';
import { phraseWords } from '../knowledge/language/tokenize.js';
import { askingClauses, isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import { changeTarget, interpretAnswer, readChanges, soundsLikeCorrection, type Interpretation } from '../knowledge/eligibility/interpret.js';
import { questionFields, type EligibilityContent } from '../knowledge/eligibility/loader.js';
import type { Question } from '../knowledge/eligibility/schema.js';
import type { Audience } from '../knowledge/schema.js';
import { InterruptibleDialog, type InterruptDeps } from './InterruptibleDialog.js';
import { QuestionPrompt, type QuestionValidations } from './QuestionPrompt.js';
import type { Journey } from './RootDialog.js';
import { cardActivity, sendReply, sendText } from './render.js';

export const ELIGIBILITY_DIALOG = 'eligibility';
const CHECK_LOOP = 'eligibilityCheck.loop';
const ANSWER_PROMPT = 'eligibilityCheck.answer';
/** turn state: the reading of this turn's text against the question on screen */
const MEANING = Symbol('the reading of the text against the question on screen');
/** The conversation state property holding the last outcome's facts. */
export const ELIGIBILITY_MEMORY = 'eligibility';
/** How long after an outcome a change of mind ("actually we have 37 practices") re-runs the check with its facts. */
export const MEMORY_MINUTES = 120;
/** The history entry of a fact corrected or added outside an answer to the question on screen. */
const CORRECTION = 'correction';

/** What the conversation remembers of the last finished check. */
export interface EligibilityMemory {
  state: CheckState;
  route: string;
  /** when the outcome was shown (ms since the epoch) */
  at: number;
}

export interface EligibilityDeps extends InterruptDeps {
  content: EligibilityContent;
  logger?: Pick<Logger, 'info'>;
  /** where the last outcome's facts are kept; without it a finished check cannot be reopened */
  memory?: StatePropertyAccessor<EligibilityMemory | undefined>;
  /** the clock, for the memory's age */
  now?: () => number;
}

/** Everything the check remembers between turns; it lives in conversation state, so it survives a restart. */
export interface CheckState {
  answers: Answers;
  /** answers given during this check, newest last, so "back" can take them away again (a correction, back to what it replaced) */
  history: { questionId: string; fields: Field[]; previous?: Answers }[];
  /** how many times "not sure" was said, per question */
  unsure: Record<string, number>;
  /** questions answered by assumption after a second "not sure", listed in the outcome as things to check */
  assumed: string[];
  /** the facts read from the opening message, reported back once */
  prefilled: Field[];
  started: boolean;
  questionId?: string;
  /** messages the user has sent in this check, counting the one that started it */
  turns: number;
  /** a message that reopened a finished check, to act on before deciding again */
  reopen?: string;
}

/** Options the root passes when free text starts the check, or reopens the last one. */
export interface EligibilityOptions {
  facts?: Answers;
  resume?: CheckState;
  reopen?: string;
  /** the knowledge-base entry whose answer was shown just before: an outcome the opening settles is one line, not the full card again */
  answered?: string;
}

/** The text a message carries: what was typed, or the words an answer button stands for. */
function answerText(context: TurnContext): string {
  const text = (context.activity.text ?? '').trim();
  if (text) return text;
  const action = CardActionSchema.safeParse(context.activity.value);
  return action.success && action.data.action === 'choose' ? action.data.value : '';
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A check state from options or storage: anything malformed is dropped, never trusted. */
function restore(options: unknown): CheckState {
  const given = (options ?? {}) as EligibilityOptions & Partial<CheckState>;
  const o = (given.resume ?? given) as Partial<CheckState>;
  if (Array.isArray(o.history)) {
    const answers = cleanAnswers(o.answers);
    const unsure = typeof o.unsure === 'object' && o.unsure ? Object.fromEntries(Object.entries(o.unsure).filter(([, n]) => typeof n === 'number')) : {};
    return {
      answers,
      history: o.history
        .filter((h) => h && typeof h.questionId === 'string' && Array.isArray(h.fields))
        .map((h) => ({ questionId: h.questionId, fields: h.fields.filter(isField), ...(h.previous ? { previous: cleanAnswers(h.previous) } : {}) })),
      unsure,
      assumed: strings(o.assumed),
      prefilled: Array.isArray(o.prefilled) ? o.prefilled.filter(isField) : [],
      started: o.started === true || given.resume !== undefined,
      questionId: typeof o.questionId === 'string' ? o.questionId : undefined,
      turns: typeof o.turns === 'number' ? o.turns : 0,
      ...(typeof given.reopen === 'string' ? { reopen: given.reopen } : typeof o.reopen === 'string' ? { reopen: o.reopen } : {}),
    };
  }
  const answers = cleanAnswers(given.facts);
  const prefilled = Object.keys(answers).filter(isField);
  return { answers, history: [], unsure: {}, assumed: [], prefilled, started: false, turns: 1 };
}

export class EligibilityDialog extends InterruptibleDialog {
  constructor(private readonly deps: EligibilityDeps) {
    super(ELIGIBILITY_DIALOG, deps);
    this.addDialog(new QuestionPrompt(ANSWER_PROMPT, this.validateAnswer.bind(this), this.drawQuestion.bind(this)));
    this.addDialog(new WaterfallDialog(CHECK_LOOP, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = CHECK_LOOP;
  }

  /** What a message means for the question on screen; a sentence that reads as a question is not taken as an answer. */
  private read(context: TurnContext, question: Question, text: string, answers: Answers): Interpretation {
    const meaning = this.meaningOnScreen(context, { question, answers }, text);
    const correcting = meaning.kind === 'answer' && Object.keys(meaning.corrections).length > 0;
    if (meaning.kind === 'answer' && !meaning.exact && !correcting && isQuestion(text, QUESTION_STYLES.notAnAnswer)) return { kind: 'unsure' };
    return meaning;
  }

  /** Lets a question to the knowledge base through ("what is an ODS code?") unless it answers the question on screen. */
  protected override async isAnswerToCurrentPrompt(dc: DialogContext, text: string): Promise<boolean> {
    const on = this.onScreen(dc);
    if (!on) return false;
    const meaning = this.meaningOnScreen(dc.context, on, text);
    if (meaning.kind === 'answer') return meaning.exact || Object.keys(meaning.corrections).length > 0;
    if (meaning.kind === 'unsure') return !this.notKnowingOther(on.question, text);
    return meaning.kind === 'back' || meaning.kind === 'change' || meaning.kind === 'vague';
  }

  /**
   * "i dont know my ods code" to the question how many practices there are: not knowing something the question does
   * not ask about is a question to the knowledge base, then the question again.
   */
  protected override async asksAboutOtherThing(dc: DialogContext, text: string): Promise<boolean> {
    const on = this.onScreen(dc);
    return !!on && this.meaningOnScreen(dc.context, on, text).kind === 'unsure' && this.notKnowingOther(on.question, text);
  }

  /** The question on screen and the answers it is read with, when the check is waiting on one. */
  private onScreen(dc: DialogContext): { question: Question; answers: Answers } | undefined {
    const state = dc.activeDialog?.state as { options?: { validations?: { questionId?: unknown; answers?: unknown } } } | undefined;
    const v = state?.options?.validations;
    const question = typeof v?.questionId === 'string' ? this.deps.content.questionById.get(v.questionId) : undefined;
    return question && { question, answers: cleanAnswers(v?.answers) };
  }

  /**
   * What the text means for the question on screen, read once a turn: the interruption checks, the prompt's validator
   * and the answer step each ask, with the same question, text and answers.
   */
  private meaningOnScreen(context: TurnContext, { question, answers }: { question: Question; answers: Answers }, text: string): Interpretation {
    const kept = context.turnState.get(MEANING) as { question: Question; text: string; meaning: Interpretation } | undefined;
    if (kept && kept.question === question && kept.text === text) return kept.meaning;
    const r = this.deps.replies;
    const meaning = interpretAnswer(question, text, answers, this.deps.content, (k) => r.t(k));
    context.turnState.set(MEANING, { question, text, meaning });
    return meaning;
  }

  /** A "not sure" that names something only NHSmail questions name which the question, its help and its choices do not. */
  private notKnowingOther(question: Question, text: string): boolean {
    const r = this.deps.replies;
    const asked = [r.t(question.prompt), r.t(question.unsure), ...(question.kind === 'choice' ? question.choices.map((c) => r.t(c.label)) : [])].join(' ');
    return this.deps.faq.namesOtherThing(text, asked);
  }

  /** "start over" during the check starts the check again rather than leaving it. */
  protected override async onStartOver(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(CHECK_LOOP, {});
  }

  /**
   * Options that reopen the last finished check, when this message changes its facts ("actually we have 37
   * practices and want NAS") or asks to change an answer; undefined otherwise, or once the memory is old.
   */
  async reopenOptions(context: TurnContext, message: Message): Promise<EligibilityOptions | undefined> {
    const memory = await this.deps.memory?.get(context);
    if (!memory || typeof memory.at !== 'number') return undefined;
    const now = (this.deps.now ?? Date.now)();
    if (now - memory.at > MEMORY_MINUTES * 60_000) {
      await this.deps.memory?.delete(context);
      return undefined;
    }
    const text = message.text;
    const content = this.deps.content;
    const state = restore({ resume: memory.state });
    // "show our route" after the one-line route: the same outcome, in full
    if (this.saysAny(text, content.words.showRoute)) return { resume: state };
    const reopen = { resume: state, reopen: text } satisfies EligibilityOptions;
    if (changeTarget(text, state.answers, content) || this.isBack(text)) return reopen;
    const marked = soundsLikeCorrection(text, content);
    if (isQuestion(message, QUESTION_STYLES.asksSomething) && !marked) return undefined;
    const { changed, added } = readChanges(text, state.answers, content);
    if (Object.keys(changed).length) return reopen;
    if (!Object.keys(added).length) return undefined;
    const again = decide({ ...state.answers, ...added }, content);
    return again.kind === 'outcome' && again.route === memory.route && !marked ? undefined : reopen;
  }

  /** Options that show the last outcome in full again (the "Show our route" button), while it is remembered. */
  async lastOutcomeOptions(context: TurnContext): Promise<EligibilityOptions | undefined> {
    const memory = await this.deps.memory?.get(context);
    if (!memory || typeof memory.at !== 'number') return undefined;
    if ((this.deps.now ?? Date.now)() - memory.at > MEMORY_MINUTES * 60_000) return undefined;
    return { resume: restore({ resume: memory.state }) };
  }

  /** Asks the next question the rules need, or shows the outcome. */
  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const r = this.deps.replies;
    const state = restore(step.options);
    const answered = (step.options as EligibilityOptions | undefined)?.answered;
    // a nation stated earlier in the conversation (a question before the check) is not asked again
    if (!state.started && state.answers.country === undefined) {
      const known = await this.deps.faq.nation(step.context);
      if (known) {
        state.answers.country = known;
        state.prefilled.push('country');
      }
    }
    // An answer card came just before, and the opening already settles the route: the route in one line, no
    // introduction to a check that asks nothing, and no second card repeating what the answer said.
    const brief = !state.started && typeof answered === 'string' && decide(state.answers, this.deps.content).kind === 'outcome';
    if (!state.started) {
      state.started = true;
      if (!brief) {
        await sendText(step.context, r.t('eligibility.intro'));
        if (state.prefilled.length) await sendText(step.context, r.t('eligibility.understood', { facts: this.describe(state.answers, state.prefilled) }));
      }
    }
    if (state.reopen !== undefined) {
      const text = state.reopen;
      delete state.reopen;
      await this.act(step.context, state, this.readWithoutQuestion(text, state.answers));
    }
    const decision = decide(state.answers, this.deps.content);
    // what the person said they are holds for the questions they ask on the way ("i dont know my ods code" from a dental practice)
    await this.deps.faq.holdProfession(step.context, state.answers.orgType);
    if (decision.kind === 'outcome') {
      const assumed = state.assumed.flatMap((id) => {
        const q = this.deps.content.questionById.get(id);
        return q?.assume ? questionFields(q).map((field) => ({ field, key: q.assume as string })) : [];
      });
      await sendReply(step.context, brief ? routeLineCard(r, decision) : outcomeCard(r, decision, assumed));
      this.deps.logger?.info({ route: decision.route, turns: state.turns, questions: state.history.length, assumed: state.assumed.length }, 'eligibility outcome');
      delete state.questionId;
      // the nation the check settled holds for later questions (unless it was only assumed)
      const country = state.answers.country;
      if (country && !state.assumed.some((id) => this.fieldsOf(id).includes('country'))) await this.deps.faq.holdNation(step.context, country);
      await this.deps.memory?.set(step.context, { state, route: decision.route, at: (this.deps.now ?? Date.now)() });
      return step.endDialog({ route: decision.route });
    }
    state.questionId = decision.question.id;
    (step.values as { state?: CheckState }).state = state;
    const retryKey =
      decision.question.kind === 'yesNo' ? 'eligibility.notUnderstood.yesNo' : decision.question.kind === 'number' ? 'eligibility.notUnderstood.number' : 'eligibility.notUnderstood';
    const validations: QuestionValidations = { questionId: decision.question.id, canGoBack: state.history.length > 0, retryKey, answers: state.answers };
    return step.prompt(ANSWER_PROMPT, { validations });
  }

  /** The question's card as the prompt shows it, or shows it again leading with what was not understood. */
  private drawQuestion(context: TurnContext, v: QuestionValidations, retry: boolean): Partial<Activity> | undefined {
    const question = this.deps.content.questionById.get(v.questionId);
    return question && this.questionActivity(context, question, v.canGoBack, retry ? this.deps.replies.t(v.retryKey) : undefined);
  }

  /** Acts on the answer (records it, corrects, goes back, explains or assumes) and loops to the next question. */
  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = (step.values as { state?: CheckState }).state ?? restore({});
    const question = this.deps.content.questionById.get(state.questionId ?? '');
    state.turns += 1;
    if (!question) return step.replaceDialog(CHECK_LOOP, state);
    await this.act(step.context, state, this.read(step.context, question, answerText(step.context), state.answers), question);
    return step.replaceDialog(CHECK_LOOP, state);
  }

  /** A message that reopens a finished check, read with no question on screen. */
  private readWithoutQuestion(text: string, answers: Answers): Interpretation {
    const content = this.deps.content;
    const target = changeTarget(text, answers, content);
    if (target) {
      // the same reading as during the check: a name plus, perhaps, the new value
      return interpretAnswer(target, text, answers, content, (k) => this.deps.replies.t(k));
    }
    if (this.isBack(text)) return { kind: 'back' };
    const { changed, added } = readChanges(text, answers, content);
    return { kind: 'answer', facts: {}, extra: added, corrections: changed, exact: false };
  }

  /** A message that is only "back" (or "go back", "undo"...). */
  private isBack(text: string): boolean {
    return this.saysAny(text, this.deps.content.words.back);
  }

  /** A message that is only one of these phrases (punctuation and case aside). */
  private saysAny(text: string, phrases: readonly string[]): boolean {
    const said = phraseWords(text).join(' ');
    return said.length > 0 && phrases.some((p) => phraseWords(p).join(' ') === said);
  }

  /** Applies what a message meant to the check state and says what changed. */
  private async act(context: TurnContext, state: CheckState, meaning: Interpretation, question?: Question): Promise<void> {
    const r = this.deps.replies;
    switch (meaning.kind) {
      case 'back': {
        const last = state.history.pop();
        if (!last) {
          await sendText(context, r.t('eligibility.backAtStart'));
          break;
        }
        this.forget(state, last.fields);
        if (last.previous) Object.assign(state.answers, last.previous);
        await sendText(context, r.t('eligibility.backDone'));
        break;
      }
      case 'change': {
        const target = this.deps.content.questionById.get(meaning.questionId);
        if (!target) break;
        if (Object.keys(meaning.facts).length) {
          await this.correct(context, state, meaning.facts);
          break;
        }
        const fields = questionFields(target);
        state.history = state.history.map((h) => ({ ...h, fields: h.fields.filter((f) => !fields.includes(f)) })).filter((h) => h.fields.length);
        this.forget(state, fields);
        await sendText(context, r.t('eligibility.backDone'));
        break;
      }
      case 'unsure': {
        if (!question) break;
        const times = (state.unsure[question.id] ?? 0) + 1;
        state.unsure[question.id] = times;
        if (times > 1 && question.unsureValue && question.assume) {
          const unknown = Object.fromEntries(Object.entries(question.unsureValue).filter(([f]) => isField(f) && state.answers[f] === undefined));
          this.record(state, question.id, cleanAnswers(unknown));
          if (!state.assumed.includes(question.id)) state.assumed.push(question.id);
          await sendText(context, r.t(question.assume));
        } else {
          await sendText(context, r.t(question.unsure));
        }
        break;
      }
      case 'vague':
        await sendText(context, r.t(meaning.reply));
        break;
      case 'answer': {
        let extra = Object.fromEntries(Object.entries(meaning.extra).filter(([f]) => state.answers[f as Field] === undefined)) as Answers;
        if (Object.keys(meaning.corrections).length) {
          // a correction and new facts in one message are one change, said once
          const alone = !Object.keys(meaning.facts).length;
          await this.correct(context, state, alone ? { ...extra, ...meaning.corrections } : meaning.corrections);
          if (alone) extra = {};
        }
        if (question) this.record(state, question.id, { ...extra, ...meaning.facts });
        else this.record(state, CORRECTION, extra);
        const noted = (Object.keys(extra) as Field[]).filter((f) => state.answers[f] !== undefined);
        if (!Object.keys(meaning.facts).length && noted.length && this.describe(state.answers, noted)) {
          await sendText(context, r.t('eligibility.noted', { facts: this.describe(state.answers, noted) }));
        }
        break;
      }
      case 'unrecognised':
        break;
    }
  }

  /** A correction: the new values replace the old, the change is said, and assumptions about those facts are dropped. */
  private async correct(context: TurnContext, state: CheckState, facts: Answers): Promise<void> {
    const fields = (Object.keys(facts) as Field[]).filter((f) => state.answers[f] !== facts[f]);
    if (!fields.length) return;
    const previous = Object.fromEntries(fields.map((f) => [f, state.answers[f]]).filter(([, v]) => v !== undefined)) as Answers;
    Object.assign(state.answers, facts);
    state.assumed = state.assumed.filter((id) => !this.fieldsOf(id).some((f) => fields.includes(f)));
    state.history.push({ questionId: CORRECTION, fields, previous });
    await sendText(context, this.deps.replies.t('eligibility.changed', { facts: this.describe(state.answers, fields, true) }));
  }

  /** Takes facts away (so the rules ask for them again if they still matter), and any assumption made about them. */
  private forget(state: CheckState, fields: readonly Field[]): void {
    for (const f of fields) delete state.answers[f];
    state.assumed = state.assumed.filter((id) => !this.fieldsOf(id).some((f) => fields.includes(f)));
    for (const id of Object.keys(state.unsure)) if (this.fieldsOf(id).some((f) => fields.includes(f))) delete state.unsure[id];
  }

  private fieldsOf(questionId: string): Field[] {
    const q = this.deps.content.questionById.get(questionId);
    return q ? questionFields(q) : [];
  }

  /** Accepts anything the step can act on: an answer, "back", "not sure" or facts for later questions. */
  private async validateAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const v = prompt.options.validations as { questionId?: string; answers?: unknown } | undefined;
    const question = this.deps.content.questionById.get(v?.questionId ?? '');
    if (!question) return true;
    return this.read(prompt.context, question, answerText(prompt.context), cleanAnswers(v?.answers)).kind !== 'unrecognised';
  }

  private record(state: CheckState, questionId: string, facts: Answers): void {
    const fields = (Object.keys(facts) as Field[]).filter((f) => state.answers[f] === undefined || facts[f] !== state.answers[f]);
    if (!fields.length) return;
    Object.assign(state.answers, facts);
    state.history.push({ questionId, fields });
  }

  private questionActivity(context: TurnContext, q: Question, canGoBack: boolean, lead?: string): Partial<Activity> {
    return cardActivity(context, questionCard(this.deps.replies, q, { canGoBack, ...(lead ? { lead } : {}) }));
  }

  /** "a care provider, in England, sites: 3"; "outside London" is left out unless `all`, as a place implies it. */
  private describe(answers: Answers, fields: readonly Field[], all = false): string {
    const r = this.deps.replies;
    return fields
      .filter((f) => answers[f] !== undefined && (all || f !== 'london' || answers.london === true))
      .map((f) => (f === 'sites' ? r.t('eligibility.fact.sites', { n: answers.sites as number }) : r.t(`eligibility.fact.${f}.${keyPart(answers[f] as string)}`)))
      .join(', ');
  }
}

/** The check as a journey for the root: the welcome button starts it, and so does a message asking for it. */
export function eligibilityJourney(dialog: EligibilityDialog, content: EligibilityContent): Journey {
  // the facts a message, or a part or the question of one, states of its own
  const factsOf = (message: Message) => cleanAnswers(factReader(content).readTokens(message.clauses));
  return {
    flow: 'eligibility',
    dialog,
    detect(message: Message) {
      const facts = detectEligibilityRequest(message, content);
      return facts ? ({ facts } satisfies EligibilityOptions) : undefined;
    },
    async reopen(context: TurnContext, message: Message) {
      const options = await dialog.reopenOptions(context, message);
      return options ? { ...options } : undefined;
    },
    async showLast(context: TurnContext) {
      const options = await dialog.lastOutcomeOptions(context);
      return options ? { ...options } : undefined;
    },
    // The answer comes first when the knowledge base has one it is sure of ("we're in Scotland, how do we get
    // NHSmail?", "we haven't done the DSPT, can we still get it?"). When the opening settles the route, the check
    // follows it with the route in one line and a way to the full card; when it needs more facts, with its next
    // question. Left to the check alone: a bare "how do I get NHSmail?" (the check is the answer), a change to a
    // finished check, a statement that describes the organisation in detail without asking anything, and a
    // detailed description whose question only asks the way in while the route still needs facts ("we run 3 homes
    // in Leeds, CQC registered, how do we get NHSmail?"): that person wants their own route, not a general answer.
    whenAnswerable(message: Message, options: Record<string, unknown>) {
      const given = options as EligibilityOptions;
      if (given.resume) return undefined;
      const facts = cleanAnswers(given.facts ?? {});
      const stated = statedFacts(facts);
      const asks = isQuestion(message, QUESTION_STYLES.asksSomething) || namesWays(message, content);
      if (decide(facts, content).kind === 'outcome') return asks || stated <= 2 ? 'answerThenStart' : undefined;
      if (asks && settledButNation(facts, content)) return 'answerThenStart';
      // a short statement saying something is missing ("our dental practice has no ods code"), or wanting NHSmail where
      // the route only waits on the nation ("hospital pharmacist needs nhs.net account"), gets the answer first; one
      // that only says what someone is ("I'm a GP locum"), or whose route needs more ("we are a care home in leeds and
      // need nhsmail"), gets the check at the question it needs
      // (a profession with its own way in asking to join in a few words, "dentist join nhsmail" typed as into a search
      // box, also gets the answer written for it first)
      const wantsAnswered = () => wantsToJoin(message, content) && (settledButNation(facts, content) || ownWayIn(facts));
      // (and so does one naming a thing of its own the knowledge base answers, typed as into a search box: "find our care
      // home ods code")
      if (!asks) return stated <= 2 && (saysLacking(message, content) || namesDetail(message, content) || wantsAnswered()) ? 'answerThenStart' : undefined;
      // (a profession with its own way in has an answer written for it alone: "two-surgery dental practice in Leeds,
      // what's the process for us" reads how dental practices register, then the check goes on)
      if (stated >= 3) return asksBeyondJoining(message, content, { clauses: true }) || ownWayIn(facts) ? 'answerThenStart' : undefined;
      return stated > 0 || asksBeyondJoining(message, content) ? 'answerThenStart' : undefined;
    },
    // An answer that offers a helpdesk request (a deleted account, a lockout) is about something other than
    // joining; one written for another kind of organisation or another nation would contradict the route that
    // follows it ("a dental practice in Wales" must not read how English practices register).
    fitsAnswer: (entry, options) => {
      const facts = cleanAnswers((options as EligibilityOptions).facts ?? {});
      // "we are cqc registered, how do we get nhsmail" is not answered with the route for providers who are not
      const cqc = entry.cqcRegistered === undefined || facts.cqcRegistered === undefined || entry.cqcRegistered === facts.cqcRegistered;
      return !entry.helpdesk && cqc && suits(entry.audience, facts);
    },
    // a description the knowledge base is plainly about gets that answer first when the entry is one of the ways in
    // (its title or keywords name one: "our IT team want to run the accounts themselves as local administrators" is
    // self-management); an entry about a fact the check reads ("our DSPT is standards met") or about what someone is
    // ("I'm a GP locum") leaves the check to find their route; so does a description that already settles the route
    // (the outcome says it), and a change to a check under way
    plainAnswerFirst(entry, options) {
      const given = options as EligibilityOptions;
      if (given.resume || decide(cleanAnswers(given.facts ?? {}), content).kind === 'outcome') return false;
      return namesWays(`${entry.title}. ${entry.keywords.join(', ')}`, content);
    },
    // ...and when such an answer is all the message gets, it is not about joining: no check ("who do i ask to get one
    // of the dentists more mailbox space? we signed up through NAS")
    otherMatter: (entry) => !!entry.helpdesk,
    // with no confident answer, an entry written for the profession the message names, with a way in of its own, leads
    // the search's candidates ("we've bought a community pharmacy alongside the homes, how does it register for
    // nhsmail": the scene's words left the search unsure, its first candidate how pharmacies register)
    ownsAnswer: (entry, options) => {
      const facts = cleanAnswers((options as EligibilityOptions).facts ?? {});
      const own = facts.orgType && ownWayIn(facts) ? AUDIENCE_OF[facts.orgType] : undefined;
      return !!own && !entry.helpdesk && entry.audience.includes(own) && !entry.audience.includes('all') && suits(entry.audience, facts) && WAY_IN_TITLE.test(entry.title);
    },
    // a question asking how another kind of organisation joins than the one the message's scene is ("one of the GPs who
    // covers our home is a locum..., how does a GP locum get an account"), or how one in another nation does ("our 3
    // homes in cumbria are sorted, how does the new glasgow home get nhs mail"), is answered for what it names; a place
    // in England the question names is where a service is, not the organisation ("dental practice in aberdeen, do we
    // still email the exeter helpdesk"), so the scene's nation stays
    questionOptions(message: Message, options: Record<string, unknown>) {
      const whole = (options as EligibilityOptions).facts ?? {};
      const clauses = askingClauses(message);
      // (the question is part of the message, after or before a scene of its own)
      if (!clauses.length || clauses.flat().length >= message.words.length) return undefined;
      const own = factsOf(new Message(clauses.map((c) => c.join(' ')).join('. ')));
      const orgType = own.orgType && own.orgType !== whole.orgType ? own.orgType : undefined;
      const country = own.country && own.country !== 'england' && own.country !== whole.country ? own.country : undefined;
      if (!orgType && !country) return undefined;
      return { ...options, facts: { ...whole, ...(orgType ? { orgType } : {}), ...(country ? { country } : {}) } } satisfies EligibilityOptions;
    },
    // a question about another kind of organisation or another nation than the message's ("im a hospital pharmacist
    // how do i get nhsmail and what about a junior doctor starting with us") is answered for what it names
    partOptions(part: Message, options: Record<string, unknown>) {
      const own = factsOf(part);
      if (!own.orgType && !own.country) return undefined;
      return { ...options, facts: { ...((options as EligibilityOptions).facts ?? {}), ...own } } satisfies EligibilityOptions;
    },
  };
}

/**
 * Whether what the person said would decide their route once they name England: a question that settles all but the
 * nation ("we're a national charity supporting the NHS, not CQC registered, how do we apply?") is one the knowledge
 * base answers for them, and the check then asks where they are (a route written for England is not shown to an
 * organisation that named another nation: fitsAnswer).
 */
function settledButNation(facts: Answers, content: EligibilityContent): boolean {
  return facts.country === undefined && decide({ ...facts, country: 'england' }, content).kind === 'outcome';
}

/** A title saying how someone joins: "How community pharmacies register for NHSmail", "NHSmail for junior doctors". */
const WAY_IN_TITLE = /\b(?:register|registration|get nhsmail|nhsmail for|accounts for)\b/i;

/** Kinds of organisation whose way in the knowledge base describes for them alone (their registration entries). */
const OWN_WAY_IN = new Set<NonNullable<Answers['orgType']>>(['dental', 'pharmacy', 'optometry', 'gp-locum', 'junior-doctor', 'midwife']);

function ownWayIn(facts: Answers): boolean {
  return facts.orgType !== undefined && OWN_WAY_IN.has(facts.orgType);
}

/** The entry audience each kind of organisation reads; the others read only entries for everyone. */
const AUDIENCE_OF: Partial<Record<NonNullable<Answers['orgType']>, Audience>> = {
  'care-provider': 'care-provider',
  dental: 'dental',
  pharmacy: 'pharmacy',
  optometry: 'optometry',
  'gp-locum': 'gp-locum',
  'junior-doctor': 'junior-doctor',
  midwife: 'midwife',
  'nhs-staff': 'nhs-organisation',
};

/** Whether an entry written for `audience` suits what the person said: their nation, and their kind of organisation. */
function suits(audience: readonly Audience[], facts: Answers): boolean {
  // outside England only an entry for that nation applies (the routes in the other entries are England's)
  if (facts.country && facts.country !== 'england') return audience.includes(facts.country as Audience);
  // ...and in England none written for another nation ("we're based in Leeds, can we get NHSmail?" is not Scotland's)
  if (facts.country === 'england' && audience.includes('scotland')) return false;
  if (!facts.orgType || audience.includes('all')) return true;
  const own = AUDIENCE_OF[facts.orgType];
  return own !== undefined && audience.includes(own);
}
