// Splitting a message into the questions it asks, as a table of cases.
import { expect } from 'chai';
import { splitQuestions } from '../../knowledge/language/split.js';

describe('splitQuestions', () => {
  const cases: [string, string[]][] = [
    ['Does NHSmail cost anything and how many accounts does each site get?', ['Does NHSmail cost anything', 'how many accounts does each site get?']],
    ['What is an ODS code? Where do I find ours?', ['What is an ODS code?', 'Where do I find ours?']],
    ['is it free? also can we have a shared mailbox? and how long does it take?', ['is it free?', 'also can we have a shared mailbox?', 'and how long does it take?']],
    ['one? two things? three here? four now?', ['one? two things?', 'three here?', 'four now?']],
    ['what is the dspt, what level do we need and what if we havent done it', ['what is the dspt', 'what level do we need', 'what if we havent done it']],
    ['if we join, will the accounts cost anything', ['if we join, will the accounts cost anything']],
    ['how do I add and remove members of a shared mailbox', ['how do I add and remove members of a shared mailbox']],
    ['I am locked out and need a password reset', ['I am locked out and need a password reset']],
    ['how long do you keep emails, and if we close down will they be deleted', ['how long do you keep emails', 'if we close down will they be deleted']],
    ['can we get the account back and if so how', ['can we get the account back and if so how']],
    ['what is the dspt', ['what is the dspt']],
    ['Locked out? help', ['Locked out? help']],
    ['  ', []],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(splitQuestions(text)).to.deep.equal(want));
  }
});
