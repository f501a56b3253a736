// Keeps the HTTP error catalogue honest: one entry per code, valid statuses, every entry answered somewhere, README in step.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ERRORS, httpError } from '../../../bot/http/errors.js';
import { loadKnowledge } from '../../../knowledge/loader.js';
import { PROJECT_ROOT } from '../../../lib/paths.js';

const entries = Object.entries(ERRORS);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? sources(full) : d.name.endsWith('.ts') ? [full] : [];
  });
}

describe('bot/http/errors: the error catalogue', () => {
  it('gives each code one entry, so a code never answers with two statuses', () => {
    const codes = entries.map(([, e]) => e.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).to.deep.equal([]);
  });

  it('takes every message from content/replies.yaml, and every http.error reply belongs to an entry', () => {
    const replies = loadKnowledge().replies;
    const used = new Set(Object.values(ERRORS).flatMap((e) => e.keys));
    for (const key of used) expect(replies.has(key), key).to.equal(true);
    expect(replies.keys().filter((k) => k.startsWith('http.error.') && !used.has(k))).to.deep.equal([]);
    expect(httpError(ERRORS.notFound, { ticket: 'NHSM-000001' }).body).to.deep.equal({
      error: { code: 'not_found', message: replies.t('http.error.noTicket', { ref: 'NHSM-000001' }) },
    });
  });

  it('uses only client (4xx) and server (5xx) error statuses', () => {
    for (const [name, e] of entries) expect(e.status, name).to.be.within(400, 599);
  });

  it('has every entry answered by some route', () => {
    const code = sources(path.join(PROJECT_ROOT, 'bot'))
      .filter((f) => !f.endsWith(path.join('http', 'errors.ts')))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const [name] of entries) expect(code, `ERRORS.${name} is never used`).to.include(`ERRORS.${name}`);
  });

  it('has every error code README documents', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const documented = readme
      .split('\n')
      .filter((line) => /\bcode\b/i.test(line))
      .flatMap((line) => [...line.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => m[1]!));
    const codes = new Set(entries.map(([, e]) => e.code));
    for (const code of documented) expect(codes.has(code), `README documents ${code}`).to.equal(true);
  });

  it('answers in the one error shape, with Retry-After where the entry has one', () => {
    expect(httpError(ERRORS.invalidTransition, 'resolved', 'new')).to.deep.equal({
      status: 400,
      body: { error: { code: 'invalid_transition', message: 'status cannot change from resolved to new' } },
    });
    expect(httpError(ERRORS.authUnavailable).retryAfter).to.equal(5);
  });
});
