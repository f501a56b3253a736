// The guided eligibility check: asks what decide() needs, one question at a time, then shows the route card.
import type { Activity, TurnContext } from 'botbuilder';
import {
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { CardActionSchema } from '../cards/actions.js';
import { outcomeCard, questionCard } from '../cards/eligibilityCards.js';
import { cleanAnswers, isField, keyPart, type Answers, type Field } from '../knowledge/eligibility/answers.js';
import { decide } from '../knowledge/eligibility/decide.js';
import { detectEligibilityRequest, statedFacts } from '../knowledge/eligibility/detect.js';
import type { Message } from '../knowledge/language/message.js';
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import { interpretAnswer, type Interpretation } from '../knowledge/eligibility/interpret.js';
import type { EligibilityContent } from '../knowledge/eligibility/loader.js';
import type { Question } from '../knowledge/eligibility/schema.js';
import { InterruptibleDialog, type InterruptDeps } from './InterruptibleDialog.js';
import type { Journey } from './RootDialog.js';
import { cardActivity, sendReply, sendText } from './render.js';

export const ELIGIBILITY_DIALOG = 'eligibility';
const CHECK_LOOP = 'eligibilityCheck.loop';
const ANSWER_PROMPT = 'eligibilityCheck.answer';

export interface EligibilityDeps extends InterruptDeps {
  content: EligibilityContent;
  logger?: Pick<Logger, 'info'>;
}

/** Everything the check remembers between turns; it lives in conversation state, so it survives a restart. */
interface CheckState {
  answers: Answers;
  /** answers given during this check, newest last, so "back" can take them away again */
  history: { questionId: string; fields: Field[] }[];
  /** how many times "not sure" was said, per question */
  unsure: Record<string, number>;
  /** the facts read from the opening message, reported back once */
  prefilled: Field[];
  started: boolean;
  questionId?: string;
  /** messages the user has sent in this check, counting the one that started it */
  turns: number;
}

/** Options the root passes when free text starts the check. */
export interface EligibilityOptions {
  facts?: Answers;
}

/** The text a message carries: what was typed, or the words an answer button stands for. */
function answerText(context: TurnContext): string {
  const text = (context.activity.text ?? '').trim();
  if (text) return text;
  const action = CardActionSchema.safeParse(context.activity.value);
  return action.success && action.data.action === 'choose' ? action.data.value : '';
}

function restore(options: unknown): CheckState {
  const o = (options ?? {}) as Partial<CheckState> & EligibilityOptions;
  if (Array.isArray(o.history)) {
    const answers = cleanAnswers(o.answers);
    return {
      answers,
      history: o.history.filter((h) => h && typeof h.questionId === 'string' && Array.isArray(h.fields)).map((h) => ({ questionId: h.questionId, fields: h.fields.filter(isField) })),
      unsure: typeof o.unsure === 'object' && o.unsure ? o.unsure : {},
      prefilled: Array.isArray(o.prefilled) ? o.prefilled.filter(isField) : [],
      started: o.started === true,
      questionId: typeof o.questionId === 'string' ? o.questionId : undefined,
      turns: typeof o.turns === 'number' ? o.turns : 0,
    };
  }
  const answers = cleanAnswers(o.facts);
  const prefilled = Object.keys(answers).filter(isField);
  return { answers, history: [], unsure: {}, prefilled, started: false, turns: 1 };
}

export class EligibilityDialog extends InterruptibleDialog {
  constructor(private readonly deps: EligibilityDeps) {
    super(ELIGIBILITY_DIALOG, deps);
    this.addDialog(new TextPrompt(ANSWER_PROMPT, this.validateAnswer.bind(this)));
    this.addDialog(new WaterfallDialog(CHECK_LOOP, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = CHECK_LOOP;
  }

  /** What a message means for the question on screen; a sentence that reads as a question is not taken as an answer. */
  private read(question: Question, text: string, answers: Answers): Interpretation {
    const r = this.deps.replies;
    const meaning = interpretAnswer(question, text, answers, this.deps.content, (k) => r.t(k));
    if (meaning.kind === 'answer' && !meaning.exact && isQuestion(text, QUESTION_STYLES.notAnAnswer)) return { kind: 'unsure' };
    return meaning;
  }

  /** Lets a question to the knowledge base through ("what is an ODS code?") unless it answers the question on screen. */
  protected override async isAnswerToCurrentPrompt(dc: DialogContext, text: string): Promise<boolean> {
    const state = dc.activeDialog?.state as { options?: { validations?: { questionId?: unknown; answers?: unknown } } } | undefined;
    const v = state?.options?.validations;
    const question = typeof v?.questionId === 'string' ? this.deps.content.questionById.get(v.questionId) : undefined;
    if (!question) return false;
    const r = this.deps.replies;
    const meaning = interpretAnswer(question, text, cleanAnswers(v?.answers), this.deps.content, (k) => r.t(k));
    return meaning.kind === 'back' || meaning.kind === 'unsure' || (meaning.kind === 'answer' && meaning.exact);
  }

  /** "start over" during the check starts the check again rather than leaving it. */
  protected override async onStartOver(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(CHECK_LOOP, {});
  }

  /** Asks the next question the rules need, or shows the outcome. */
  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const r = this.deps.replies;
    const state = restore(step.options);
    if (!state.started) {
      state.started = true;
      await sendText(step.context, r.t('eligibility.intro'));
      if (state.prefilled.length) await sendText(step.context, r.t('eligibility.understood', { facts: this.describe(state.answers, state.prefilled) }));
    }
    const decision = decide(state.answers, this.deps.content);
    if (decision.kind === 'outcome') {
      await sendReply(step.context, outcomeCard(r, decision));
      this.deps.logger?.info({ route: decision.route, turns: state.turns, questions: state.history.length }, 'eligibility outcome');
      return step.endDialog({ route: decision.route });
    }
    state.questionId = decision.question.id;
    (step.values as { state?: CheckState }).state = state;
    const canGoBack = state.history.length > 0;
    const prompt = this.questionActivity(step.context, decision.question, canGoBack);
    const retryKey =
      decision.question.kind === 'yesNo' ? 'eligibility.notUnderstood.yesNo' : decision.question.kind === 'number' ? 'eligibility.notUnderstood.number' : 'eligibility.notUnderstood';
    const retryPrompt = this.questionActivity(step.context, decision.question, canGoBack, r.t(retryKey));
    return step.prompt(ANSWER_PROMPT, { prompt, retryPrompt, validations: { questionId: decision.question.id, answers: state.answers } });
  }

  /** Records the answer (or goes back, or explains) and loops to the next question. */
  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const r = this.deps.replies;
    const state = (step.values as { state?: CheckState }).state ?? restore({});
    const question = this.deps.content.questionById.get(state.questionId ?? '');
    state.turns += 1;
    if (!question) return step.replaceDialog(CHECK_LOOP, state);
    const meaning = this.read(question, answerText(step.context), state.answers);
    switch (meaning.kind) {
      case 'back': {
        const last = state.history.pop();
        if (!last) {
          await sendText(step.context, r.t('eligibility.backAtStart'));
          break;
        }
        for (const f of last.fields) delete state.answers[f];
        await sendText(step.context, r.t('eligibility.backDone'));
        break;
      }
      case 'unsure': {
        const times = (state.unsure[question.id] ?? 0) + 1;
        state.unsure[question.id] = times;
        if (times > 1 && question.unsureValue) {
          this.record(state, question.id, cleanAnswers(question.unsureValue));
          await sendText(step.context, r.t('eligibility.unsureAccepted'));
        } else {
          await sendText(step.context, r.t(question.unsure));
        }
        break;
      }
      case 'answer':
        this.record(state, question.id, { ...meaning.extra, ...meaning.facts });
        break;
      case 'unrecognised':
        break;
    }
    return step.replaceDialog(CHECK_LOOP, state);
  }

  /** Accepts anything the step can act on: an answer, "back", "not sure" or facts for later questions. */
  private async validateAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const v = prompt.options.validations as { questionId?: string; answers?: unknown } | undefined;
    const question = this.deps.content.questionById.get(v?.questionId ?? '');
    if (!question) return true;
    return this.read(question, answerText(prompt.context), cleanAnswers(v?.answers)).kind !== 'unrecognised';
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

  /** "a care provider, in England, sites: 3" for the facts read from the opening message. */
  private describe(answers: Answers, fields: readonly Field[]): string {
    const r = this.deps.replies;
    return fields
      .filter((f) => answers[f] !== undefined && (f !== 'london' || answers.london === true))
      .map((f) => (f === 'sites' ? r.t('eligibility.fact.sites', { n: answers.sites as number }) : r.t(`eligibility.fact.${f}.${keyPart(answers[f] as string)}`)))
      .join(', ');
  }
}

/** The check as a journey for the root: the welcome button starts it, and so does a message asking for it. */
export function eligibilityJourney(dialog: EligibilityDialog, content: EligibilityContent): Journey {
  return {
    flow: 'eligibility',
    dialog,
    detect(message: Message) {
      const facts = detectEligibilityRequest(message, content);
      return facts ? ({ facts } satisfies EligibilityOptions) : undefined;
    },
    // A question about one kind of organisation or one circumstance ("how does a pharmacy get NHSmail?", "we
    // haven't done the DSPT, can we still get it?") gets its answer, with the check offered as a button: one
    // reply, not the answer and then an outcome saying the same. A bare "how do I get NHSmail?" is what the
    // check itself answers; someone who has described their organisation in detail wants their own route, so
    // the check alone answers them too.
    whenAnswerable(message: Message, options: Record<string, unknown>) {
      const stated = statedFacts((options as EligibilityOptions).facts ?? {});
      return isQuestion(message, QUESTION_STYLES.asksSomething) && stated >= 1 && stated < 3 ? 'answerThenOffer' : undefined;
    },
  };
}
