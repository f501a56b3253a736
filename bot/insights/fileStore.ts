// Insight events in files under DATA_DIR/insights: an append-only JSON Lines file per day for the events, and one small
// JSON file per day for its aggregates (rewritten on each flush), so a year's report reads ~365 small files, not every event.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../../lib/atomicWrite.js';
import { PRIVATE_FILE, makePrivateDir, tightenTree } from '../../lib/privateFiles.js';
import type { DateRange } from './report.js';
import { dayOf, daysBetween, insightEventSchema, type InsightEvent } from './events.js';
import type { InsightsStore, RangeData } from './store.js';
import { mergeConversation, mergeTicket, tallyBatch, tallyRequests, type ConversationDay, type GapTally, type RequestTally, type TicketSummary } from './tally.js';

/** One day's aggregates as kept in days/YYYY-MM-DD.json. */
interface DayFile {
  day: string;
  counters: Record<string, number>;
  /** "key\u0000closest" -> tally */
  gaps: Record<string, Omit<GapTally, 'day'>>;
  /** conversation -> row, until the day is rolled up */
  conversations: Record<string, Omit<ConversationDay, 'day' | 'conversation'>>;
}

/**
 * A day's aggregates as a report reads them: counters and unanswered questions by number into the store's lists of names,
 * so summing a year is adding numbers, not walking 365 objects of a few hundred string keys each.
 */
interface DaySums {
  day: string;
  metrics: Int32Array;
  counts: Float64Array;
  gaps: Int32Array;
  gapCounts: Float64Array;
  gapExamples: string[];
  gapOutcomes: GapTally['outcome'][];
  conversations: ConversationDay[];
}

/** Node's callback readFile: fs/promises' FileHandles cost about twice as much per file (see lib/atomicWrite.ts), and a year's report reads 365. */
const readFile = promisify(fs.readFile);
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const EVENTS_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
/** day files kept in memory between flushes (today and yesterday, mostly) */
const CACHED_DAYS = 8;
/** days kept parsed for reports: more than a year */
const READ_CACHE_DAYS = 800;
/** names numbered for DaySums before they are numbered afresh (names of purged days are otherwise kept) */
const MAX_NAMES = 1_000_000;

export class FileInsightsStore implements InsightsStore {
  readonly kind = 'files';
  /** days being written to (today's, mostly) */
  private readonly cache = new Map<string, DayFile>();
  /**
   * Days read for reports, kept parsed: this process is the only writer (DATA_DIR is locked), so a day read stays
   * right until it is written or purged, and a year's report need not parse 365 files each time.
   */
  private readonly parsed = new Map<string, DaySums | null>();
  /** counter names and unanswered questions ("key\u0000closest") numbered as first met, for DaySums */
  private readonly metricIds = new Map<string, number>();
  private readonly metricNames: string[] = [];
  private readonly gapIds = new Map<string, number>();
  private readonly gapNames: { key: string; closest: string }[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    /** every ticket's summary by reference, kept in tickets.json */
    private readonly summaries: Map<string, TicketSummary>,
    private readonly key: Buffer,
  ) {}

  static async open(dir: string): Promise<FileInsightsStore> {
    await makePrivateDir(path.join(dir, 'events'));
    await makePrivateDir(path.join(dir, 'days'));
    await tightenTree(dir);
    const secretFile = path.join(dir, 'secret');
    const stored = await fs.promises.readFile(secretFile, 'utf8').catch(() => '');
    let key = Buffer.from(stored.trim(), 'base64');
    if (key.length < 32) {
      key = randomBytes(32);
      await writeFileAtomic(secretFile, key.toString('base64'), { fsync: true });
    }
    const text = await fs.promises.readFile(path.join(dir, 'tickets.json'), 'utf8').catch(() => '{}');
    const tickets = new Map(Object.entries(JSON.parse(text) as Record<string, TicketSummary>));
    return new FileInsightsStore(dir, tickets, key);
  }

  async secret(): Promise<Buffer> {
    return this.key;
  }

  append(events: readonly InsightEvent[]): Promise<void> {
    return this.serial(async () => {
      if (!events.length) return;
      const lines = new Map<string, string[]>();
      for (const e of events) {
        const list = lines.get(e.day) ?? [];
        list.push(JSON.stringify(e));
        lines.set(e.day, list);
      }
      for (const [day, list] of lines) {
        await fs.promises.appendFile(path.join(this.dir, 'events', `${day}.jsonl`), `${list.join('\n')}\n`, { mode: PRIVATE_FILE });
      }
      const tally = tallyBatch(events);
      const touched = new Set<string>();
      for (const [k, n] of tally.counters) {
        const [day, metric] = k.split('\u0000') as [string, string];
        const file = await this.day(day);
        file.counters[metric] = (file.counters[metric] ?? 0) + n;
        touched.add(day);
      }
      for (const g of tally.gaps.values()) {
        const file = await this.day(g.day);
        const k = `${g.key}\u0000${g.closest}`;
        const had = file.gaps[k];
        if (had) had.count += g.count;
        else file.gaps[k] = { key: g.key, example: g.example, outcome: g.outcome, closest: g.closest, count: g.count };
        touched.add(g.day);
      }
      for (const c of tally.conversations.values()) {
        const file = await this.day(c.day);
        const had = file.conversations[c.conversation];
        const { day: _d, conversation: _c, ...row } = had ? mergeConversation({ ...had, day: c.day, conversation: c.conversation }, c) : c;
        file.conversations[c.conversation] = row;
        touched.add(c.day);
      }
      for (const t of tally.tickets.values()) {
        const had = this.summaries.get(t.ref);
        this.summaries.set(t.ref, had ? mergeTicket(had, t) : t);
      }
      for (const day of touched) await this.writeDay(this.cache.get(day)!);
      if (tally.tickets.size) await this.writeTickets();
      this.trimCache();
    });
  }

  read(range: DateRange, dailyMetrics: readonly string[]): Promise<RangeData> {
    return this.serial(async () => {
      if (this.metricNames.length + this.gapNames.length > MAX_NAMES) this.forgetSums();
      const days = await Promise.all(daysBetween(range.from, range.to).map((d) => this.sums(d)));
      const wanted = new Uint8Array(this.metricNames.length);
      for (const m of dailyMetrics) {
        const id = this.metricIds.get(m);
        if (id !== undefined) wanted[id] = 1;
      }
      const totals = new Float64Array(this.metricNames.length);
      const present = new Uint8Array(this.metricNames.length);
      const daily: RangeData['daily'] = [];
      // each wording's first day in the range gives its example and outcome, its last day the day
      const gapCounts = new Float64Array(this.gapNames.length);
      const gapFirstDay = new Int32Array(this.gapNames.length).fill(-1);
      const gapFirstIndex = new Int32Array(this.gapNames.length);
      const gapLast = new Int32Array(this.gapNames.length);
      const gapOrder: number[] = [];
      const conversations: ConversationDay[] = [];
      days.forEach((sums, i) => {
        if (!sums) return;
        for (let j = 0; j < sums.metrics.length; j++) {
          const id = sums.metrics[j]!;
          const n = sums.counts[j]!;
          totals[id]! += n;
          present[id] = 1;
          if (wanted[id]) daily.push({ day: sums.day, metric: this.metricNames[id]!, n });
        }
        for (let j = 0; j < sums.gaps.length; j++) {
          const id = sums.gaps[j]!;
          if (gapFirstDay[id] === -1) {
            gapFirstDay[id] = i;
            gapFirstIndex[id] = j;
            gapOrder.push(id);
          }
          gapCounts[id]! += sums.gapCounts[j]!;
          gapLast[id] = i;
        }
        for (const row of sums.conversations) conversations.push(row);
      });
      const out: RangeData = { totals: new Map(), daily, gaps: [], conversations };
      for (let id = 0; id < totals.length; id++) if (present[id]) out.totals.set(this.metricNames[id]!, totals[id]!);
      out.gaps = gapOrder.map((id) => {
        const first = days[gapFirstDay[id]!]!;
        const j = gapFirstIndex[id]!;
        const { key, closest } = this.gapNames[id]!;
        return { key, closest, example: first.gapExamples[j]!, outcome: first.gapOutcomes[j]!, count: gapCounts[id]!, day: days[gapLast[id]!]!.day };
      });
      return out;
    });
  }

  async requests(range: DateRange): Promise<RequestTally> {
    return tallyRequests(this.summaries.values(), range);
  }

  async tickets(range: DateRange): Promise<TicketSummary[]> {
    const until = `${range.to}\uffff`;
    return [...this.summaries.values()].filter((t) => t.filedAt >= range.from && t.filedAt <= until);
  }

  rollUp(throughDay: string, count: (day: string, rows: ConversationDay[], tickets: TicketSummary[]) => Record<string, number>): Promise<string[]> {
    return this.serial(async () => {
      const done: string[] = [];
      let tickets: TicketSummary[] | undefined;
      for (const day of await this.dayNames()) {
        if (day > throughDay) continue;
        const file = await this.day(day);
        const rows = Object.entries(file.conversations).map(([conversation, row]) => ({ ...row, day, conversation }));
        if (!rows.length) continue;
        tickets ??= [...this.summaries.values()].filter((t) => t.filedAt >= day);
        for (const [metric, n] of Object.entries(count(day, rows, tickets))) file.counters[metric] = (file.counters[metric] ?? 0) + n;
        file.conversations = {};
        await this.writeDay(file);
        done.push(day);
      }
      this.trimCache();
      return done;
    });
  }

  purge(beforeDay: string): Promise<void> {
    return this.serial(async () => {
      for (const [sub, pattern] of [['days', DAY_FILE], ['events', EVENTS_FILE]] as const) {
        for (const name of await fs.promises.readdir(path.join(this.dir, sub))) {
          const day = pattern.exec(name)?.[1];
          if (day && day < beforeDay) {
            await fs.promises.rm(path.join(this.dir, sub, name), { force: true });
            this.cache.delete(day);
            this.parsed.delete(day);
          }
        }
      }
      let dropped = false;
      for (const [ref, t] of this.summaries) {
        if (t.filedAt < beforeDay) {
          this.summaries.delete(ref);
          dropped = true;
        }
      }
      if (dropped) await this.writeTickets();
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /** Every file under the store's folder, for tests that scan what was written. */
  async files(): Promise<string[]> {
    const out: string[] = [];
    for (const sub of ['events', 'days']) {
      for (const name of await fs.promises.readdir(path.join(this.dir, sub))) out.push(path.join(this.dir, sub, name));
    }
    out.push(path.join(this.dir, 'tickets.json'));
    return out.filter((f) => fs.existsSync(f));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(work);
    this.queue = run;
    return run;
  }

  private async dayNames(): Promise<string[]> {
    const names = await fs.promises.readdir(path.join(this.dir, 'days'));
    return names.flatMap((n) => DAY_FILE.exec(n)?.[1] ?? []).sort();
  }

  /** A day's aggregates for changing, kept in the cache. */
  private async day(day: string): Promise<DayFile> {
    let file = this.cache.get(day);
    if (!file) {
      file = (await this.load(day)) ?? { day, counters: {}, gaps: {}, conversations: {} };
      this.cache.set(day, file);
    }
    return file;
  }

  private async load(day: string): Promise<DayFile | undefined> {
    const text = await readFile(path.join(this.dir, 'days', `${day}.json`), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as DayFile);
  }

  /** A day's aggregates for a report: the day being written to summed afresh, others kept summed once read; undefined for none. */
  private async sums(day: string): Promise<DaySums | undefined> {
    const writing = this.cache.get(day);
    if (writing) return this.summed(writing);
    const kept = this.parsed.get(day);
    if (kept !== undefined) return kept ?? undefined;
    const file = await this.load(day);
    // the day may have been written to while its file was read
    if (this.cache.has(day)) return this.summed(this.cache.get(day)!);
    const sums = file && this.summed(file);
    if (this.parsed.size >= READ_CACHE_DAYS) this.parsed.delete(this.parsed.keys().next().value!);
    // a day with no file yet is remembered as empty only once it is over (today's may be written any moment)
    if (sums || day < dayOf(new Date())) this.parsed.set(day, sums ?? null);
    return sums;
  }

  private forgetSums(): void {
    this.parsed.clear();
    this.metricIds.clear();
    this.metricNames.length = 0;
    this.gapIds.clear();
    this.gapNames.length = 0;
  }

  private summed(file: DayFile): DaySums {
    const counters = Object.entries(file.counters);
    const gaps = Object.entries(file.gaps);
    const sums: DaySums = {
      day: file.day,
      metrics: new Int32Array(counters.length),
      counts: new Float64Array(counters.length),
      gaps: new Int32Array(gaps.length),
      gapCounts: new Float64Array(gaps.length),
      gapExamples: [],
      gapOutcomes: [],
      conversations: Object.entries(file.conversations).map(([conversation, row]) => ({ ...row, day: file.day, conversation })),
    };
    counters.forEach(([metric, n], i) => {
      let id = this.metricIds.get(metric);
      if (id === undefined) {
        id = this.metricNames.push(metric) - 1;
        this.metricIds.set(metric, id);
      }
      sums.metrics[i] = id;
      sums.counts[i] = n;
    });
    gaps.forEach(([k, g], i) => {
      let id = this.gapIds.get(k);
      if (id === undefined) {
        id = this.gapNames.push({ key: g.key, closest: g.closest }) - 1;
        this.gapIds.set(k, id);
      }
      sums.gaps[i] = id;
      sums.gapCounts[i] = g.count;
      sums.gapExamples.push(g.example);
      sums.gapOutcomes.push(g.outcome);
    });
    return sums;
  }

  private writeDay(file: DayFile): Promise<void> {
    this.parsed.delete(file.day);
    return writeFileAtomic(path.join(this.dir, 'days', `${file.day}.json`), JSON.stringify(file));
  }

  private writeTickets(): Promise<void> {
    return writeFileAtomic(path.join(this.dir, 'tickets.json'), JSON.stringify(Object.fromEntries(this.summaries)));
  }

  private trimCache(): void {
    if (this.cache.size <= CACHED_DAYS) return;
    const keep = new Set([...this.cache.keys()].sort().slice(-CACHED_DAYS));
    for (const day of this.cache.keys()) if (!keep.has(day)) this.cache.delete(day);
  }
}

/** One day of events as read back from DATA_DIR/insights/events (npm run db:import). */
export interface InsightFileDay {
  day: string;
  events: InsightEvent[];
  /** lines that are not a whole, valid event (a write torn by a crash, a hand edit), by line number */
  rejected: number[];
}

/**
 * The key and the events a FileInsightsStore kept under `dir`, a day at a time in day order, for copying elsewhere;
 * nothing when there are none. Read with the bot stopped (the files have one owner).
 */
export async function readInsightFiles(dir: string): Promise<{ secret: Buffer; days: AsyncGenerator<InsightFileDay> } | undefined> {
  const secret = Buffer.from((await fs.promises.readFile(path.join(dir, 'secret'), 'utf8').catch(() => '')).trim(), 'base64');
  if (secret.length < 32) return undefined;
  const eventsDir = path.join(dir, 'events');
  const names = (await fs.promises.readdir(eventsDir).catch(() => [] as string[])).filter((n) => EVENTS_FILE.test(n)).sort();
  async function* days(): AsyncGenerator<InsightFileDay> {
    for (const name of names) {
      const day = EVENTS_FILE.exec(name)![1]!;
      const out: InsightFileDay = { day, events: [], rejected: [] };
      const lines = (await fs.promises.readFile(path.join(eventsDir, name), 'utf8')).split('\n');
      for (const [i, line] of lines.entries()) {
        if (!line.trim()) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          out.rejected.push(i + 1);
          continue;
        }
        const event = insightEventSchema.safeParse(parsed);
        if (event.success && event.data.day === day) out.events.push(event.data);
        else out.rejected.push(i + 1);
      }
      yield out;
    }
  }
  return { secret, days: days() };
}
