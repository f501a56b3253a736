// The helpdesk's rules in one place: what a valid filing is, which status may follow which, who may see a ticket, and what each change announces.
import {
  DERIVED_FIELDS,
  FIELDS_BY_TYPE,
  fieldApplies,
  isOptional,
  TICKET_TYPES,
  canTransition,
  findRef,
  requesterKey,
  assigneeNote,
  summarize,
  type FieldName,
  type FieldValue,
  type Requester,
  type StoredTicket,
  type TicketFields,
  type TicketPatch,
  type TicketStatus,
  type TicketType,
} from './model.js';
import type { OutboxEventDraft } from './outbox.js';
import { cleanFreeText, stripSecrets } from './secrets.js';
import type { FilingScope, TicketPage, TicketQuery, TicketStore } from './ticketStore.js';
import { londonDate, validateField, type InvalidCode } from './validators.js';

export class TicketValidationError extends Error {
  constructor(readonly problems: readonly { field: string; code: InvalidCode | 'missing' | 'unknown' }[]) {
    super(`invalid ticket: ${problems.map((p) => `${p.field} (${p.code})`).join(', ')}`);
    this.name = 'TicketValidationError';
  }
}

export class TransitionError extends Error {
  constructor(
    readonly from: TicketStatus,
    readonly to: TicketStatus,
  ) {
    super(`status cannot change from ${from} to ${to}`);
    this.name = 'TransitionError';
  }
}

/** Filed too often: by this requester or from this conversation within the window. Nothing was filed. */
export class FilingLimitError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('too many filings in a short time');
    this.name = 'FilingLimitError';
  }
}

/** The same request is already open for this person: that ticket is offered instead. Nothing was filed. */
export class OpenDuplicateError extends Error {
  constructor(readonly ticket: StoredTicket) {
    super(`an open ticket ${ticket.ref} already covers this request`);
    this.name = 'OpenDuplicateError';
  }
}

export interface FileRequest {
  type: TicketType;
  /** answers already checked by validateField; checked again here */
  fields: Partial<Record<string, FieldValue>>;
  requester: Requester;
  idempotencyKey?: string;
  /** the conversation it is filed from, counted by the per-conversation limit */
  conversationId?: string;
  /** what the requester asked the bot before, already redacted: kept as the first history entry's note */
  note?: string;
  /**
   * 'offer': when this requester has an open ticket of the same type about the same person, throw
   * OpenDuplicateError with it instead of filing; 'allow' (default): file anyway.
   */
  duplicates?: 'offer' | 'allow';
}

export interface FilingLimit {
  /** filings per requester, and per conversation, within the window */
  max: number;
  windowMs: number;
}

/** Told of each ticket filed and each change the helpdesk makes (insights); must not throw, and is not awaited. */
export interface TicketObserver {
  filed(ticket: StoredTicket): void;
  changed(ticket: StoredTicket, at: string): void;
}

export interface HelpdeskServiceOptions {
  now?: () => Date;
  observer?: TicketObserver;
  /** the helpdesk channels ('webhook', 'teams') a ticket is announced on, as configured right now */
  channels?: () => readonly string[];
  /** unset: no limit */
  filingLimit?: FilingLimit;
}

/** The fields that say who or what a request is about; two requests of a type are the same when these match. */
const SUBJECT_FIELDS = ['name', 'email', 'sharedMailbox'] as const;

function sameSubject(a: TicketFields, b: TicketFields): boolean {
  const norm = (v: FieldValue | undefined) => (v === undefined || v === null ? '' : String(v).trim().toLowerCase().replace(/\s+/g, ' '));
  return SUBJECT_FIELDS.every((f) => norm(a[f]) === norm(b[f]));
}

/** Recent filing times per key, kept only for keys that filed within the window, so memory stays bounded. */
class FilingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly limit: FilingLimit) {}

  /**
   * Takes a place for one filing under every key, or says how long until one frees (taking none then).
   * Synchronous, so parallel filings cannot both take the last place.
   */
  reserve(keys: readonly string[], now: number): { release(): void } | { retryAfterMs: number } {
    if (this.times.size > 10_000) this.prune(now);
    let wait = 0;
    for (const key of keys) {
      const recent = (this.times.get(key) ?? []).filter((t) => now - t < this.limit.windowMs);
      if (recent.length >= this.limit.max) wait = Math.max(wait, recent[recent.length - this.limit.max]! + this.limit.windowMs - now);
      this.times.set(key, recent);
    }
    if (wait > 0) return { retryAfterMs: wait };
    for (const key of keys) this.times.get(key)!.push(now);
    return {
      release: () => {
        for (const key of keys) {
          const list = this.times.get(key);
          const i = list?.lastIndexOf(now) ?? -1;
          if (list && i >= 0) list.splice(i, 1);
        }
      },
    };
  }

  private prune(now: number): void {
    for (const [key, list] of this.times) {
      if (!list.some((t) => now - t < this.limit.windowMs)) this.times.delete(key);
    }
  }
}

/** The outbox channel that tells the requester, in their own conversation, about status changes. */
export const REQUESTER_CHANNEL = 'requester';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Answers written in the requester's own words; the rest (email, mobile, ODS code...) are the structured details the helpdesk needs. */
const FREE_TEXT: readonly FieldName[] = ['organisation', 'movingTo', 'justification', 'inUseNote', 'mailboxSize', 'seniorApproval'];

export class HelpdeskService {
  private readonly now: () => Date;
  private readonly channels: () => readonly string[];
  private readonly window?: FilingWindow;
  private readonly limit?: FilingLimit;
  private readonly observer?: TicketObserver;

  constructor(
    readonly store: TicketStore,
    options: HelpdeskServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.channels = options.channels ?? (() => []);
    if (options.filingLimit) this.window = new FilingWindow(options.filingLimit);
    this.limit = options.filingLimit;
    this.observer = options.observer;
  }

  /**
   * Checks a filing's fields against its type: every field that applies present and valid, nothing else.
   * A field the helpdesk can do without (OPTIONAL_FIELDS) may be null: the person did not know it.
   */
  checkFields(type: TicketType, fields: Partial<Record<string, FieldValue>>): TicketFields {
    if (!TICKET_TYPES.includes(type)) throw new TicketValidationError([{ field: 'type', code: 'unknown' }]);
    const carried = FIELDS_BY_TYPE[type];
    const problems: { field: string; code: InvalidCode | 'missing' | 'unknown' }[] = [];
    const out: TicketFields = {};
    for (const key of Object.keys(fields)) {
      if (!carried.includes(key as FieldName)) problems.push({ field: key, code: 'unknown' });
    }
    const today = londonDate(this.now());
    for (const field of carried) {
      const value = fields[field];
      if (!fieldApplies(type, field, fields as TicketFields)) {
        if (value !== undefined && value !== null) problems.push({ field, code: 'unknown' });
        continue;
      }
      if (value === null && (isOptional(type, field) || field === 'movingTo')) {
        out[field] = null;
        continue;
      }
      if (value === undefined || value === '' || value === null) {
        if (isOptional(type, field) && value === undefined && DERIVED_FIELDS.includes(field)) continue;
        problems.push({ field, code: 'missing' });
        continue;
      }
      // a leaving date checked when it was typed stays acceptable if the day has turned since
      if (field === 'leavingDate' && typeof value === 'string' && ISO_DAY.test(value) && !Number.isNaN(Date.parse(value))) {
        out[field] = value;
        continue;
      }
      const text = stripSecrets(String(value)).text;
      const r = validateField(field, text, { today, type });
      if (r.ok) out[field] = FREE_TEXT.includes(field) && typeof r.value === 'string' ? cleanFreeText(r.value) : r.value;
      else problems.push({ field, code: r.code });
    }
    if (problems.length) throw new TicketValidationError(problems);
    return out;
  }

  /**
   * Files a ticket (once per idempotency key) and queues its announcement on each helpdesk channel.
   * A requester's filings run one at a time, across every instance sharing the store. Throws OpenDuplicateError (with duplicates: 'offer') and
   * FilingLimitError instead of filing; a repeat of an idempotency key already filed is never refused.
   */
  async file(req: FileRequest): Promise<{ ticket: StoredTicket; created: boolean }> {
    const fields = this.checkFields(req.type, req.fields);
    const who = requesterKey(req.requester.channelId, req.requester.userId);
    return this.store.exclusive(`requester\u0000${who}`, async (scope) => {
      if (req.idempotencyKey !== undefined) {
        const existing = await scope.findByIdempotencyKey(req.idempotencyKey);
        if (existing) return { ticket: existing, created: false };
      }
      if (req.duplicates === 'offer') {
        const open = (await scope.listByRequester(req.requester.channelId, req.requester.userId)).find(
          (t) => t.type === req.type && t.status !== 'resolved' && sameSubject(t.fields, fields),
        );
        if (open) throw new OpenDuplicateError(open);
      }
      const keys = [`requester\u0000${who}`, ...(req.conversationId ? [`conversation\u0000${req.requester.channelId}\u0000${req.conversationId}`] : [])];
      const now = this.now().getTime();
      const place = this.window?.reserve(keys, now);
      if (place && 'retryAfterMs' in place) throw new FilingLimitError(place.retryAfterMs);
      const events: OutboxEventDraft[] = this.channels().map((channel) => ({ channel, type: 'ticket.created' }));
      try {
        const wait = await this.storedFilingWait(scope, req, now);
        if (wait > 0) throw new FilingLimitError(wait);
        const result = await scope.create(
          {
            type: req.type,
            fields,
            summary: summarize(req.type, fields),
            requester: req.requester,
            by: 'requester',
            ...(req.note ? { note: fileNote(req.note) } : {}),
            ...(req.idempotencyKey !== undefined ? { idempotencyKey: req.idempotencyKey } : {}),
            ...(req.conversationId !== undefined ? { conversationId: req.conversationId } : {}),
          },
          events,
        );
        if (!result.created) place?.release();
        else this.observer?.filed(result.ticket);
        return result;
      } catch (err) {
        place?.release();
        throw err;
      }
    });
  }

  /**
   * The limit counted from the tickets in the store, which every instance sharing it sees (the in-memory
   * window sees only this process's filings); 0 when one more filing fits.
   */
  private async storedFilingWait(scope: FilingScope, req: FileRequest, now: number): Promise<number> {
    const limit = this.limit;
    if (!limit) return 0;
    const recent = await scope.recentFilings(
      { channelId: req.requester.channelId, userId: req.requester.userId, ...(req.conversationId !== undefined ? { conversationId: req.conversationId } : {}) },
      new Date(now - limit.windowMs),
    );
    let wait = 0;
    for (const times of [recent.byRequester, recent.byConversation]) {
      if (times.length >= limit.max) wait = Math.max(wait, times[times.length - limit.max]! + limit.windowMs - now);
    }
    return wait;
  }

  /**
   * Applies a helpdesk change (status, assignee, note) made by `by`. A status change is added to the
   * history and told to the requester; every change is announced on the helpdesk channels.
   * Returns undefined when there is no such ticket; throws TransitionError for a refused status.
   */
  async change(ref: string, patch: TicketPatch, by: string): Promise<StoredTicket | undefined> {
    let refused: TransitionError | undefined;
    let changed = false;
    const at = this.now().toISOString();
    const note = patch.note === undefined ? undefined : cleanFreeText(patch.note);
    const ticket = await this.store.update(ref, (t) => {
      let statusChanged = false;
      let assigneeChanged = false;
      if (patch.status !== undefined && patch.status !== t.status) {
        if (!canTransition(t.status, patch.status)) {
          refused = new TransitionError(t.status, patch.status);
          return false;
        }
        t.status = patch.status;
        statusChanged = true;
      }
      if (patch.assignee !== undefined && (patch.assignee ?? undefined) !== t.assignee) {
        if (patch.assignee === null) delete t.assignee;
        else t.assignee = patch.assignee;
        assigneeChanged = true;
      }
      if (!statusChanged && !assigneeChanged && note === undefined) return false;
      const entryNote = note ?? (assigneeChanged && !statusChanged ? assigneeNote(t.assignee) : undefined);
      t.history.push({ at, status: t.status, by, ...(entryNote !== undefined ? { note: entryNote } : {}) });
      t.updatedAt = at;
      changed = true;
      const events: OutboxEventDraft[] = this.channels().map((channel) => ({ channel, type: 'ticket.updated' }));
      if (statusChanged && t.requester.conversation) events.push({ channel: REQUESTER_CHANNEL, type: 'ticket.status' });
      return events;
    });
    if (refused) throw refused;
    if (ticket && changed) this.observer?.changed(ticket, at);
    return ticket;
  }

  /** A ticket for the person who filed it; anyone else gets undefined, exactly as for a missing one. */
  async getForRequester(refText: string, channelId: string, userId: string): Promise<StoredTicket | undefined> {
    const ref = findRef(refText);
    if (!ref) return undefined;
    const t = await this.store.get(ref);
    if (!t || t.requester.channelId !== channelId || t.requester.userId !== userId) return undefined;
    return t;
  }

  listForRequester(channelId: string, userId: string): Promise<StoredTicket[]> {
    return this.store.listByRequester(channelId, userId);
  }

  get(ref: string): Promise<StoredTicket | undefined> {
    return this.store.get(ref);
  }

  list(query: TicketQuery): Promise<TicketPage> {
    return this.store.list(query);
  }
}

/** Longest note kept on a ticket from the conversation before it. */
const NOTE_MAX = 500;

/** A requester's note as the helpdesk may see it: no secrets, tidy, bounded. */
function fileNote(note: string): string {
  return cleanFreeText(stripSecrets(note).text).slice(0, NOTE_MAX);
}
