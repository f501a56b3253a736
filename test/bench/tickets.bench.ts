// Measures filing a helpdesk ticket with 1k, 10k and 100k tickets on record, and 100 filings at once.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HelpdeskService } from '../../helpdesk/service.js';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import { sampleRequest, sampleStoredTicket, tempDir } from '../helpdesk/fixtures/tickets.js';
import { ms, summarize } from './stats.js';

const SIZES = [1_000, 10_000, 100_000];
const SEQUENTIAL = 400;
const CONCURRENT = 100;
const GOAL_P95_MS = 20;
const fsync = !process.argv.includes('--no-fsync');

interface Row {
  size: number;
  importMs: number;
  openMs: number;
  bytes: number;
  p50: number;
  p95: number;
  max: number;
  concurrentMs: number;
  concurrentP95: number;
}

async function measure(size: number): Promise<Row> {
  const tmp = tempDir('tickets-bench-');
  try {
    let t0 = performance.now();
    await LowTicketStore.bulkImport(tmp.dir, size, (seq) => sampleStoredTicket(seq));
    const importMs = performance.now() - t0;
    const bytes = fs.readdirSync(tmp.dir).reduce((n, f) => n + fs.statSync(`${tmp.dir}/${f}`).size, 0);
    t0 = performance.now();
    const store = await LowTicketStore.open(tmp.dir, { fsync });
    const openMs = performance.now() - t0;
    const service = new HelpdeskService(store, { channels: () => ['webhook', 'teams'] });
    try {
      // let the garbage from the bulk import and the index rebuild settle before measuring
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 50; i++) await service.file(sampleRequest('extra-accounts', `warm${i}`));
      const samples: number[] = [];
      for (let i = 0; i < SEQUENTIAL; i++) {
        const s = performance.now();
        await service.file(sampleRequest(i % 2 ? 'leaver' : 'extra-accounts', `seq${i}`));
        samples.push(performance.now() - s);
      }
      const each: number[] = [];
      t0 = performance.now();
      const refs = await Promise.all(
        Array.from({ length: CONCURRENT }, async (_, i) => {
          const s = performance.now();
          const r = await service.file(sampleRequest('locked-out', `conc${i}`));
          each.push(performance.now() - s);
          return r.ticket.ref;
        }),
      );
      const concurrentMs = performance.now() - t0;
      if (new Set(refs).size !== CONCURRENT) throw new Error('duplicate references under concurrency');
      return { size, importMs, openMs, bytes, ...summarize(samples), concurrentMs, concurrentP95: summarize(each).p95 };
    } finally {
      await store.close();
    }
  } finally {
    tmp.remove();
  }
}

const rows: Row[] = [];
for (const size of SIZES) rows.push(await measure(size));

console.log(`\nTicket filing (lowdb, shards of 100 tickets, fsync ${fsync ? 'on' : 'off'}; ${SEQUENTIAL} sequential filings, then ${CONCURRENT} at once)\n`);
console.log('on record | store size | open     | filing p50 | filing p95 | max       | 100 at once: total, per second, p95');
for (const r of rows) {
  console.log(
    [
      String(r.size).padStart(9),
      `${(r.bytes / 1e6).toFixed(1)} MB`.padStart(10),
      ms(r.openMs).padStart(8),
      ms(r.p50).padStart(10),
      ms(r.p95).padStart(10),
      ms(r.max).padStart(9),
      `${ms(r.concurrentMs)}, ${Math.round((CONCURRENT * 1000) / r.concurrentMs)}/s, ${ms(r.concurrentP95)}`,
    ].join(' | '),
  );
}
const first = rows[0] as Row;
const last = rows[rows.length - 1] as Row;
const ratio = last.p95 / first.p95;
const ratio50 = last.p50 / first.p50;
console.log(`\nGoal: p95 <= ${GOAL_P95_MS} ms at 100k on record: ${ms(last.p95)} ${last.p95 <= GOAL_P95_MS ? 'MET' : 'MISSED'}`);
console.log(`Goal: flat cost, 100k no more than 2x 1k: p95 ${ratio.toFixed(2)}x, p50 ${ratio50.toFixed(2)}x ${ratio <= 2 && ratio50 <= 2 ? 'MET' : 'MISSED'}`);
