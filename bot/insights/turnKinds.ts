// Which event a turn makes, read from the `channelData.nhsmail` meta of the replies it sent: one table from meta kinds to event kinds.
import type { EventKind, InsightEvent, SelfServiceOutcome, UnansweredPart } from './events.js';

/**
 * Meta kind -> event kind, in order of precedence: when a turn sends several replies, the first kind in this
 * table that any of them carries names the turn ("answer, then the first eligibility question" is an answer
 * that also started a check). A meta kind not listed is 'other'; a turn whose replies carry no meta is a
 * 'journeyStep' while a journey is under way, else 'other'.
 */
export const META_KINDS: readonly (readonly [meta: string, event: EventKind])[] = [
  ['safety', 'safety'],
  ['person', 'person'],
  ['requestFiled', 'requestFiled'],
  ['eligibility', 'eligibilityOutcome'],
  ['selfService', 'selfService'],
  ['feedback', 'feedback'],
  ['answer', 'answer'],
  // a joining question from Wales or Northern Ireland answered with what applies there (no entry: the house reply)
  ['nation', 'answer'],
  ['unsure', 'unsure'],
  ['offTopic', 'offTopic'],
  ['requestSummary', 'requestStep'],
  ['requestSummaryUsed', 'requestStep'],
  ['eligibilityQuestion', 'eligibilityStep'],
  ['requestStatus', 'requestStatus'],
  ['requestList', 'requestStatus'],
  ['answerMore', 'answerMore'],
  ['welcome', 'welcome'],
  ['helpdeskTicket', 'helpdesk'],
];
const PRECEDENCE = new Map(META_KINDS.map(([meta, event], i) => [meta, { event, rank: i }]));

/** Event kinds that record the (redacted) question: the ones the knowledge base could not answer. */
export const UNANSWERED: ReadonlySet<EventKind> = new Set(['unsure', 'offTopic']);

type Meta = Readonly<Record<string, unknown>>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : undefined);
const SELF_SERVICE: readonly SelfServiceOutcome[] = ['offered', 'solved', 'notSolved'];

/**
 * The parts of a several-question message left unanswered: each says so in a reply whose meta is `unsure` with the
 * part's number and wording (as shown, personal details removed; the recorder removes them again before keeping it).
 */
function unansweredParts(found: readonly Meta[]): UnansweredPart[] {
  const out: UnansweredPart[] = [];
  for (const m of found) {
    if (m['kind'] !== 'unsure' || typeof m['part'] !== 'number' || typeof m['question'] !== 'string' || !m['question'].trim()) continue;
    const part: UnansweredPart = { question: m['question'], outcome: m['outcome'] === 'offTopic' ? 'offTopic' : 'unsure' };
    const candidates = m['candidates'];
    if (Array.isArray(candidates) && text(candidates[0])) part.entryId = candidates[0] as string;
    out.push(part);
  }
  return out;
}

export interface TurnShape {
  /** a journey was under way when the turn began */
  journeyBefore: boolean;
  /** a journey is under way now the turn has ended */
  journeyAfter: boolean;
}

/** The event fields a turn's reply metas give (no time, channel or keys): undefined for a turn that sent nothing. */
export function describeTurn(metas: readonly (Meta | undefined)[], shape: TurnShape): Omit<InsightEvent, 'at' | 'day' | 'channel' | 'conversation' | 'person'> | undefined {
  if (!metas.length) return undefined;
  let kind: EventKind | undefined;
  let rank = Infinity;
  const found = metas.filter((m): m is Meta => !!m && typeof m['kind'] === 'string');
  for (const m of found) {
    const p = PRECEDENCE.get(m['kind'] as string) ?? { event: 'other' as const, rank: META_KINDS.length };
    if (p.rank < rank) ({ event: kind, rank } = p);
  }
  const out: ReturnType<typeof describeTurn> & object = { kind: kind ?? (shape.journeyBefore || shape.journeyAfter ? 'journeyStep' : 'other') };
  const first = (k: string) => found.find((m) => m['kind'] === k);

  const answer = first('answer') ?? first('feedback');
  if (answer && text(answer['entryId'])) out.entryId = text(answer['entryId'])!;
  if (out.kind === 'unsure') {
    const candidates = first('unsure')?.['candidates'];
    if (Array.isArray(candidates) && text(candidates[0])) out.entryId = candidates[0] as string;
  }
  const feedback = first('feedback');
  if (out.kind === 'feedback' && typeof feedback?.['helpful'] === 'boolean') out.helpful = feedback['helpful'];

  const outcome = first('eligibility');
  const route = text(outcome?.['routeId']) ?? text(outcome?.['route']);
  if (route) out.route = route;
  const eligibilityShown = !!outcome || !!first('eligibilityQuestion');
  // a check begins when its first question (or, all answered already, its outcome) comes with no journey under way
  if (eligibilityShown && !shape.journeyBefore) out.eligibilityStarted = true;
  if (outcome) out.eligibilityFinished = true;

  const request = first('requestFiled') ?? first('requestSummary') ?? first('requestSummaryUsed') ?? first('selfService');
  const requestType = text(request?.['type']) ?? text(request?.['requestType']);
  if (requestType) out.requestType = requestType;
  const selfService = first('selfService')?.['outcome'];
  if (SELF_SERVICE.includes(selfService as SelfServiceOutcome)) out.selfService = selfService as SelfServiceOutcome;

  const parts = unansweredParts(found);
  if (parts.length) out.unansweredParts = parts;
  return out;
}
