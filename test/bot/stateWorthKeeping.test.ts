// Which conversation states are written to storage: journeys, pending choices, and the FAQ's memory of answers and questions.
import { expect } from 'chai';
import { DIALOG_STATE, FAQ_MEMORY, stateWorthKeeping } from '../../bot/bot.js';

describe('stateWorthKeeping', () => {
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['nothing at all', {}, false],
    ['an empty dialog stack', { [DIALOG_STATE]: { dialogStack: [] } }, false],
    ['a journey under way', { [DIALOG_STATE]: { dialogStack: [{ id: 'root' }] } }, true],
    ['an empty FAQ memory', { [FAQ_MEMORY]: {} }, false],
    ['topics offered after an unsure search', { [FAQ_MEMORY]: { asked: true, choices: ['a'] } }, true],
    ['the last answer, so a follow-up on another instance is read with it', { [FAQ_MEMORY]: { lastAnswer: { entryId: 'ods-code', question: 'q' } } }, true],
    ['recent questions, for the note on a request raised later', { [FAQ_MEMORY]: { recent: ['what is an ods code'] } }, true],
    ['an open offer to raise a request', { [FAQ_MEMORY]: { offered: 'request' } }, true],
    ['only an eTag', { eTag: '*' }, false],
    ['a property it does not know', { other: 1 }, true],
  ];
  for (const [name, item, want] of cases) it(`${name}: ${want}`, () => expect(stateWorthKeeping(item)).to.equal(want));
});
