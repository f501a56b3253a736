// A process filing tickets is killed with SIGKILL: every reference it reported is still there when the store is reopened.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import { sampleRequest, tempDir } from './fixtures/tickets.js';
import { HelpdeskService } from '../../helpdesk/service.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fileForever.ts');

describe('ticket store after SIGKILL', () => {
  it('keeps every ticket whose reference was reported, and never reuses a reference', async () => {
    const tmp = tempDir();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, tmp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      const refs: string[] = [];
      let buffer = '';
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`))));
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const l of lines) if (l.startsWith('NHSM-')) refs.push(l);
          if (refs.length >= 300 && !child.killed) child.kill('SIGKILL');
        });
      });
      expect(refs.length).to.be.at.least(300);
      const store = await LowTicketStore.open(tmp.dir);
      try {
        const missing = [];
        for (const ref of refs) if (!(await store.get(ref))) missing.push(ref);
        expect(missing).to.deep.equal([]);
        const { ticket } = await new HelpdeskService(store).file(sampleRequest());
        expect(refs).to.not.include(ticket.ref);
        expect((await store.pendingEvents()).length).to.be.at.least(refs.length);
      } finally {
        await store.close();
      }
    } finally {
      tmp.remove();
    }
  });
});
