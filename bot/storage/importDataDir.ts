// Copies a one-machine install's DATA_DIR into PostgreSQL (npm run db:import), so it can grow to several instances.
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { PgTicketStore } from '../../helpdesk/pgTicketStore.js';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import type { StoredTicket } from '../../helpdesk/model.js';
import { ChannelRegistry } from '../helpdesk/channelRegistry.js';
import { PgChannelRegistry } from '../helpdesk/pgChannelRegistry.js';
import { readInsightFiles } from '../insights/fileStore.js';
import { PgInsightsStore } from '../insights/pgStore.js';
import type { Database } from './postgres.js';

export interface ImportSummary {
  tickets: { found: number; added: number };
  events: { found: number; added: number };
  /** the sequence carries on after this */
  lastSequence: number;
  channel: 'none' | 'added' | 'kept existing';
  /**
   * insight events by day (days already copied are left alone); the lines left out, as "day:line", because they
   * were not whole events; and whether the files' hashing key was taken (the database had none) or the database's kept
   */
  insights: { days: { found: number; added: number }; events: { found: number; added: number }; rejected: string[]; key: 'none' | 'added' | 'kept existing' };
}

/**
 * Copies tickets (with their history), pending outbox events, the helpdesk channel registration and the insight
 * events (with the key their ids are hashed with); an old feedback log (kb-feedback.jsonl) is not copied, insight
 * events having replaced it. Idempotent: rows already there are left alone, so running it twice changes nothing;
 * references keep their numbers and new ones carry on after the highest the files ever gave out.
 * Run it with the bot stopped (the files have one owner).
 */
export async function importDataDir(dataDir: string, database: Database): Promise<ImportSummary> {
  const pool = database.pool;
  const helpdesk = path.join(dataDir, 'helpdesk');
  const ticketsDir = path.join(helpdesk, 'tickets');
  const summary: ImportSummary = {
    tickets: { found: 0, added: 0 },
    events: { found: 0, added: 0 },
    lastSequence: 0,
    channel: 'none',
    insights: { days: { found: 0, added: 0 }, events: { found: 0, added: 0 }, rejected: [], key: 'none' },
  };
  const target = new PgTicketStore(pool);
  try {
    if (fs.existsSync(ticketsDir)) {
      const files = await LowTicketStore.open(ticketsDir);
      try {
        const tickets: StoredTicket[] = [];
        for (let cursor: string | undefined, first = true; first || cursor; first = false) {
          const page = await files.list({ limit: 200, ...(cursor ? { cursor } : {}) });
          tickets.push(...page.tickets);
          cursor = page.nextCursor;
        }
        const events = await files.pendingEvents();
        const added = await target.importTickets(tickets, events, files.lastSequence);
        summary.tickets = { found: tickets.length, added: added.tickets };
        summary.events = { found: events.length, added: added.events };
        summary.lastSequence = files.lastSequence;
      } finally {
        await files.close();
      }
    }
    const channelFile = path.join(helpdesk, 'channel.json');
    if (fs.existsSync(channelFile)) {
      const stored = (await ChannelRegistry.open(channelFile)).stored;
      if (stored) summary.channel = (await PgChannelRegistry.importRegistration(pool, stored)) ? 'added' : 'kept existing';
    }
    summary.insights = await importInsights(path.join(dataDir, 'insights'), new PgInsightsStore(database));
    return summary;
  } finally {
    await target.close();
  }
}

async function importInsights(dir: string, store: PgInsightsStore): Promise<ImportSummary['insights']> {
  const out: ImportSummary['insights'] = { days: { found: 0, added: 0 }, events: { found: 0, added: 0 }, rejected: [], key: 'none' };
  const files = await readInsightFiles(dir);
  if (!files) return out;
  out.key = (await store.adoptSecret(files.secret)) ? 'added' : 'kept existing';
  for await (const { day, events, rejected } of files.days) {
    out.days.found++;
    out.events.found += events.length;
    out.rejected.push(...rejected.map((line) => `${day}:${line}`));
    if (await store.importDay(day, events)) {
      out.days.added++;
      out.events.added += events.length;
    }
  }
  return out;
}
