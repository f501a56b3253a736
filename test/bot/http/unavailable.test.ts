// Which failures become 503 with Retry-After: the database down or restarting however it arrives wrapped, and a state race lost every time; a bad query stays a bug.
import { expect } from 'chai';
import { TestAdapter, TurnContext } from 'botbuilder';
import { DialogContext, DialogContextError, DialogSet } from 'botbuilder-dialogs';
import { unavailableOutcome } from '../../../bot/http/unavailable.js';
import { ETagConflictError } from '../../../bot/storage/eTagConflict.js';
import { DatabaseUnavailableError } from '../../../bot/storage/postgres.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const inDialog = (err: Error) => {
  const context = new TurnContext(new TestAdapter(), { type: 'message' });
  return new DialogContextError(err, new DialogContext(new DialogSet(), context, { dialogStack: [] }));
};

describe('unavailableOutcome', () => {
  const cases: [string, unknown, { status: number; code: string; retryAfter: number } | undefined][] = [
    ['the pool could not connect', new DatabaseUnavailableError(pgError('ECONNREFUSED', 'connect ECONNREFUSED')), { status: 503, code: 'service_unavailable', retryAfter: 5 }],
    ["pg's own error from a store (admin shutdown)", pgError('57P01', 'terminating connection due to administrator command'), { status: 503, code: 'service_unavailable', retryAfter: 5 }],
    ['a store error inside a dialog step (DialogContextError)', inDialog(pgError('57P03', 'the database system is starting up')), { status: 503, code: 'service_unavailable', retryAfter: 5 }],
    ['a connection loss given as a cause', new Error('could not file', { cause: new Error('Connection terminated unexpectedly') }), { status: 503, code: 'service_unavailable', retryAfter: 5 }],
    ['every state race lost', new ETagConflictError('webchat/conversations/c1/'), { status: 503, code: 'conversation_busy', retryAfter: 1 }],
    ['a bad query', pgError('42601', 'syntax error at or near "SELEC"'), undefined],
    ['a bad query inside a dialog step', inDialog(pgError('23505', 'duplicate key value violates unique constraint')), undefined],
    ['an ordinary bug', new TypeError("Cannot read properties of undefined (reading 'x')"), undefined],
  ];
  for (const [what, err, expected] of cases) {
    it(`${expected ? `answers ${expected.status} ${expected.code}` : 'leaves alone'}: ${what}`, () => {
      const out = unavailableOutcome(err);
      if (!expected) return expect(out).to.equal(undefined);
      expect(out).to.deep.include({ status: expected.status, retryAfter: expected.retryAfter });
      expect((out?.body as { error: { code: string } }).error.code).to.equal(expected.code);
    });
  }
});
