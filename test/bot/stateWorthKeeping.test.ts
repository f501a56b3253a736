// Which conversation states are written to storage: journeys, pending choices, and the FAQ's memory of answers and questions.
import { expect } from 'chai';
import { DIALOG_STATE, FAQ_MEMORY, stateWorthKeeping, stateWorthSharing } from '../../bot/bot.js';

describe('stateWorthKeeping and stateWorthSharing', () => {
  /** name, state, kept in a file (one instance), kept when shared (PostgreSQL) */
  const cases: [string, Record<string, unknown>, boolean, boolean][] = [
    ['nothing at all', {}, false, false],
    ['an empty dialog stack', { [DIALOG_STATE]: { dialogStack: [] } }, false, false],
    ['a journey under way', { [DIALOG_STATE]: { dialogStack: [{ id: 'root' }] } }, true, true],
    ['an empty FAQ memory', { [FAQ_MEMORY]: {} }, false, false],
    ['topics offered after an unsure search', { [FAQ_MEMORY]: { asked: true, choices: ['a'] } }, true, true],
    ['the last answer: a follow-up on another instance is read with it', { [FAQ_MEMORY]: { lastAnswer: { entryId: 'ods-code', question: 'q' } } }, false, true],
    ['recent questions, for the note on a request raised later', { [FAQ_MEMORY]: { recent: ['what is an ods code'] } }, false, true],
    ['the topic of a request just filed', { [FAQ_MEMORY]: { topic: 'locked-out' } }, false, true],
    ['an open offer to raise a request', { [FAQ_MEMORY]: { offered: 'request' } }, true, true],
    ['only an eTag', { eTag: '*' }, false, false],
    ['a property it does not know', { other: 1 }, true, true],
  ];
  for (const [name, item, file, shared] of cases) {
    it(`${name}: in a file ${file}, shared ${shared}`, () => {
      expect(stateWorthKeeping(item)).to.equal(file);
      expect(stateWorthSharing(item)).to.equal(shared);
    });
  }
});
