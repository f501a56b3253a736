// The one question detector: each style as the function it replaced, on the cases where those functions disagreed.
import { expect } from 'chai';
import { Message } from '../../knowledge/language/message.js';
import { askingClauses, isQuestion, QUESTION_STYLES } from '../../knowledge/language/question.js';

/** [text, notAnAnswer (was FaqResponder.looksLikeQuestion), asksSomething (was eligibility asksSomething), notARequest (was RequestDialog's test)] */
const CASES: [string, boolean, boolean, boolean][] = [
  ['what is an ODS code', true, true, true],
  ['how do I reset it?', true, true, true],
  ['ok? yes fine', false, true, true],
  ['what now', false, true, true],
  ['where', false, true, true],
  ['locked out, what now', false, true, true],
  ['I am locked out what do I do', false, true, true],
  // (a clause opening "tell", "explain" or "walk me through" asks, as its message does: "care home next door wants
  // nhsmail, walk me through the options they have to join")
  ['tell me about passwords', true, true, true],
  ['explain shared mailboxes please', true, true, true],
  ['care home next door wants nhsmail, walk me through the options they have to join', false, true, false],
  ["can't log in", false, true, false],
  ["isn't working today", false, true, false],
  ['we are a care home so can we get it', false, true, false],
  // "r" typed for "are" opens a clause that asks, not a question mid-journey (an initial typed in a name)
  ['r domiciliary care companys eligible for nhs mail', false, true, false],
  ['we run 3 care homes in Leeds', false, false, false],
  ['My name is Jane Smith', false, false, false],
  ["I'm locked out", false, false, false],
  ['Jane Smith', false, false, false],
];

describe('isQuestion (one detector, three styles)', () => {
  for (const [text, notAnAnswer, asksSomething, notARequest] of CASES) {
    it(`${JSON.stringify(text)}: notAnAnswer ${notAnAnswer}, asksSomething ${asksSomething}, notARequest ${notARequest}`, () => {
      const message = new Message(text);
      expect(isQuestion(message, QUESTION_STYLES.notAnAnswer), 'notAnAnswer').to.equal(notAnAnswer);
      expect(isQuestion(message, QUESTION_STYLES.asksSomething), 'asksSomething').to.equal(asksSomething);
      expect(isQuestion(message, QUESTION_STYLES.notARequest), 'notARequest').to.equal(notARequest);
    });
  }

  it('reads "wheres", "whens" and "whys" typed without an apostrophe as question words, alone or after a scene (dev-3)', () => {
    for (const q of ['wheres the form', 'whens the deadline for the toolkit', 'manager said to sign us up through NAS online, wheres the form and does each site need doing']) {
      expect(isQuestion(new Message(q), QUESTION_STYLES.asksSomething), q).to.equal(true);
    }
  });

  it('reads a message once however many styles ask', () => {
    const message = new Message('  Can we get NHSmail?  ');
    expect(message.words).to.equal(message.words);
    expect(message.clauses).to.equal(message.clauses);
    expect(message.text).to.equal('Can we get NHSmail?');
  });
});

describe('isQuestion: lead-ins before the opener', () => {
  it('reads "and when do we get the logins" and "so who would we ask" as questions, not answers', () => {
    expect(isQuestion(new Message('and when do we get the logins'), QUESTION_STYLES.notAnAnswer)).to.equal(true);
    expect(isQuestion(new Message('n when do we get the logins'), QUESTION_STYLES.notAnAnswer)).to.equal(true);
    expect(isQuestion(new Message('so who would we ask'), QUESTION_STYLES.notAnAnswer)).to.equal(true);
    expect(isQuestion(new Message('ok and how long does it take'), QUESTION_STYLES.notAnAnswer)).to.equal(true);
  });

  it('still needs an opener and three words after the lead-ins', () => {
    expect(isQuestion(new Message('and we have 3 sites'), QUESTION_STYLES.notAnAnswer)).to.equal(false);
    expect(isQuestion(new Message('so what now'), QUESTION_STYLES.notAnAnswer)).to.equal(false);
    expect(isQuestion(new Message('and and and'), QUESTION_STYLES.notAnAnswer)).to.equal(false);
  });

  it('reads a clause opening with a lead-in before its question word as asking ("So what now for us")', () => {
    expect(isQuestion(new Message("we've never done the toolkit thing. So what now for us"), QUESTION_STYLES.asksSomething)).to.equal(true);
    expect(isQuestion(new Message('we have 3 sites and we are in leeds'), QUESTION_STYLES.asksSomething)).to.equal(false);
    expect(isQuestion(new Message('so when i logged in it asked me to accept the aup'), QUESTION_STYLES.asksSomething)).to.equal(false);
  });
});

describe('askingClauses: a question asked indirectly', () => {
  const cases: [string, string[][]][] = [
    // what follows the phrase that asks is the question
    ['not sure whether we need the toolkit first, we are a small agency', [['we', 'need', 'the', 'toolkit', 'first']]],
    ['just wondering if dentists can join', [['dentists', 'can', 'join']]],
    // a question word still opens its own clause, as before
    ['we are a small agency, how do we join', [['how', 'do', 'we', 'join']]],
    // a direct question inside a clause that opens otherwise
    ['before we choose what are the different ways in', [['what', 'are', 'the', 'different', 'ways', 'in']]],
    ['if i forget it who is the contact', [['who', 'is', 'the', 'contact']]],
    ['i know what is needed', []],
    // ...or asking who or what does something, after a time or condition set first
    ['after we join nhsmail who is responsible for adding users', [['who', 'is', 'responsible', 'for', 'adding', 'users']]],
    ['once we are registered who looks after the accounts', [['who', 'looks', 'after', 'the', 'accounts']]],
    ['after the manager who left', []],
    // a question passed on asks from its question word; asking for something asks nothing this way
    ['new deputy asking what the aup is', [['what', 'the', 'aup', 'is']]],
    ['the form is asking for an ods code', []],
    // followed by a question word, from that word on; "i dont know our code" asks nothing this way
    ['a bit confused about what the shared inbox is for', [['what', 'the', 'shared', 'inbox', 'is', 'for']]],
    ['i dont know our ods code', []],
    // confusion about a thing named asks about it; about nothing named, nothing
    ['confused about standards met vs approaching standards for getting nhs.net accounts', [['standards', 'met', 'vs', 'approaching', 'standards', 'for', 'getting', 'nhsmail', 'accounts']]],
    ['i dont understand the acceptable use policy thing', [['the', 'acceptable', 'use', 'policy', 'thing']]],
    ['im confused about all of this', []],
    // "when" then its subject says when something happens
    ['when i log in it asks for a code', []],
    ['when do we get the logins', [['when', 'do', 'we', 'get', 'the', 'logins']]],
    // a question word and its turned verb after a scene of their own start the question; after a few words, not
    ['manager asked me to find the homes ods number for the form where do i look it up', [['where', 'do', 'i', 'look', 'it', 'up']]],
    ['agency nurses per hour what do they charge', [['agency', 'nurses', 'per', 'hour', 'what', 'do', 'they', 'charge']]],
    // asked of the reader as a letter asks it
    ['Kindly advise whether this is permitted', [['this', 'is', 'permitted']]],
    ['I am writing to enquire whether we are allowed to have NHSmail', [['we', 'are', 'allowed', 'to', 'have', 'nhsmail']]],
    ['kindly explain me what the aup is', [['what', 'the', 'aup', 'is']]],
    // (with a word of stress between them too)
    ['just started as a carer and my manager keeps going on about nhsmail what even is it', [['what', 'even', 'is', 'it']]],
    // nothing after the phrase asks nothing
    ['not sure if', []],
    ['we are a small agency in leeds', []],
    // a verb after its own subject says, as "did it" alone asks
    ["i'm sure we did it in june", []],
    ['did it go through', [['did', 'it', 'go', 'through']]],
  ];
  for (const [text, want] of cases) it(JSON.stringify(text), () => expect(askingClauses(new Message(text))).to.deep.equal(want));
  it('makes a message that asks only indirectly a question', () => {
    expect(isQuestion(new Message('not sure if we even need this'), QUESTION_STYLES.asksSomething)).to.equal(true);
  });
  it('does not take "when I..." for a question opening', () => {
    expect(isQuestion(new Message('when i open outlook it says my mailbox is full'), QUESTION_STYLES.notAnAnswer)).to.equal(false);
    expect(isQuestion(new Message('when will my account be ready'), QUESTION_STYLES.notAnAnswer)).to.equal(true);
  });
});
