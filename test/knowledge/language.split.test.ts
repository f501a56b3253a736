// Splitting a message into the questions it asks, as a table of cases.
import { expect } from 'chai';
import { alternativesAsked, situationParts, situations, splitQuestions, turnedStatements } from '../../knowledge/language/split.js';
import { loadLanguage } from '../../knowledge/loader.js';

describe('splitQuestions', () => {
  const cases: [string, string[]][] = [
    // a tag alone ("which is it", "is that right") asks nothing of its own: it goes with the question after it
    [
      "Our owner thinks the DSPT was a one off. Which is it, do we have to keep doing it?",
      ["Our owner thinks the DSPT was a one off. Which is it, do we have to keep doing it?"],
    ],
    // ...and so does asking only how to find out what the part before wonders
    ['not sure if our deputy ever renewed the toolkit, how can i find out', ['not sure if our deputy ever renewed the toolkit, how can i find out']],
    // question words as text-speak types them open a question too
    ['how do i activate my new account and wot is mfa', ['how do i activate my new account', 'wot is mfa']],
    ['Does NHSmail cost anything and how many accounts does each site get?', ['Does NHSmail cost anything', 'how many accounts does each site get?']],
    ['What is an ODS code? Where do I find ours?', ['What is an ODS code?', 'Where do I find ours?']],
    // a later sentence's opening joiner goes, as a joiner mid-sentence does
    ['is it free? also can we have a shared mailbox? and how long does it take?', ['is it free?', 'can we have a shared mailbox?', 'how long does it take?']],
    // a full stop ends a sentence, and "another thing" or "oh and" opening the next says nothing of what is asked
    ['whats mfa. another thing where do i see our ods code', ['whats mfa.', 'where do i see our ods code']],
    // a lead-in after the joiner ("and separately how...") leaves it a question of its own
    ['how big is a mailbox? and separately how long is a deleted account kept', ['how big is a mailbox?', 'separately how long is a deleted account kept']],
    // "any tips for ..." asks
    [
      'how do i tell the helpdesk im leaving? also can i share my password with the new manager. and any tips for not emailing the wrong person',
      ['how do i tell the helpdesk im leaving?', 'can i share my password with the new manager.', 'any tips for not emailing the wrong person'],
    ],
    // a part after a joiner that opens with the writer ("im", "i") and asks later; "is that allowed" asks
    [
      'how do i change my name on my account after getting married, also im moving to a new care provider can i take my account with me',
      ['how do i change my name on my account after getting married', 'im moving to a new care provider can i take my account with me'],
    ],
    [
      'my account got deleted can i get it back, also my manager wants my password to check my inbox is that allowed',
      ['my account got deleted can i get it back', 'my manager wants my password to check my inbox is that allowed'],
    ],
    ['who runs our accounts? oh and how do i add a member to the team inbox', ['who runs our accounts?', 'how do i add a member to the team inbox']],
    ['we run a small home. how do we join', ['we run a small home. how do we join']],
    ['can i email an nhs.net address from my hotmail', ['can i email an nhs.net address from my hotmail']],
    // "am i" asks, as "is it" does
    ['my manager wants my login to check the rota, am i allowed, and how does she get into the team inbox herself', ['my manager wants my login to check the rota, am i allowed', 'how does she get into the team inbox herself']],
    // "&" alone between words, "as well as" and "oh and" join questions as "and" does; "a & e" is no joiner
    ['is it free for a nursing home & how long does signing up take', ['is it free for a nursing home', 'how long does signing up take']],
    ['can a & e staff email us from nhsmail', ['can a & e staff email us from nhsmail']],
    ['what does the policy say as well as how do i add a member', ['what does the policy say', 'how do i add a member']],
    ['optician here how do we join oh and what level of dspt', ['optician here how do we join', 'what level of dspt']],
    // a question word and its verb after a statement ask, though no pronoun follows the verb
    ['the council keeps telling us to get it why is that and can we use our own email instead', ['the council keeps telling us to get it why is that', 'can we use our own email instead']],
    ['we run six shops how do chains get accounts and who do we ask about pharmacy logins', ['we run six shops how do chains get accounts', 'who do we ask about pharmacy logins']],
    ['one? two things? three here? four now?', ['one? two things?', 'three here?', 'four now?']],
    // "whether" after "and" opens a question of its own, as "if" does; a clause asking whether leaves the text whole
    ['can you tell me what an ods code is and whether we need one', ['can you tell me what an ods code is', 'whether we need one']],
    ['not sure whether we need the dspt first', ['not sure whether we need the dspt first']],
    ['what is the dspt, what level do we need and what if we havent done it', ['what is the dspt', 'what level do we need', 'what if we havent done it']],
    ['if we join, will the accounts cost anything', ['if we join, will the accounts cost anything']],
    ['how do I add and remove members of a shared mailbox', ['how do I add and remove members of a shared mailbox']],
    ['I am locked out and need a password reset', ['I am locked out and need a password reset']],
    ['how long do you keep emails, and if we close down will they be deleted', ['how long do you keep emails', 'if we close down will they be deleted']],
    ['can we get the account back and if so how', ['can we get the account back and if so how']],
    ['what is the dspt', ['what is the dspt']],
    ['Locked out? help', ['Locked out? help']],
    ['  ', []],
    // a question after a statement in the same clause, then a second person with the same question
    ['im a nurse how do i get an account, and my husband is a carer, how does he', ['im a nurse how do i get an account', 'my husband is a carer, how does he get an account']],
    // a question cut short after its subject takes what the question before it asked
    ['can i use nhsmail at home? and can they?', ['can i use nhsmail at home?', 'can they use nhsmail at home?']],
    ['how do we register on nas and how long does it take', ['how do we register on nas', 'how long does it take']],
    // "also" turns to another matter: the statement before it is a part of its own
    ['our shared mailbox is full, also how long are disabled accounts kept', ['our shared mailbox is full', 'how long are disabled accounts kept']],
    ['we are a pharmacy plus how many users can we have', ['we are a pharmacy', 'how many users can we have']],
    // a statement before a comma or "and" is still the setting of the question after it
    ['we need more than 10 accounts, how do we ask', ['we need more than 10 accounts, how do we ask']],
    ['my account was deleted and can i get it back', ['my account was deleted and can i get it back']],
    ["can't find our ods code, can we register without it", ["can't find our ods code, can we register without it"]],
    // a later part's "their" stands for the thing the part before ended on
    ['can i reset it myself or do i have to ring the helpdesk and whats their number', ['can i reset it myself or do i have to ring the helpdesk', "whats the helpdesk's number"]],
    ['do i need to phone the service desk, and when are they open', ['do i need to phone the service desk', 'when are they open']],
    ['how many users can a pharmacy have and what about their shared mailbox', ['how many users can a pharmacy have', 'what about their shared mailbox']],
    // "their" after two ways stands for the thing the last way named, also with a verb after it, and typed "there"
    ['can i switch it back on or does the helpdesk have to and what is their phone number', ['can i switch it back on or does the helpdesk have to', "what is the helpdesk's phone number"]],
    ['can i reset it myself or do i ring the helpdesk and whats there number', ['can i reset it myself or do i ring the helpdesk', "whats the helpdesk's number"]],
    ['do i have to ring the helpdesk and is there a number for nights', ['do i have to ring the helpdesk', 'is there a number for nights']],
    // "what about X" asks the question before it about X
    ['how many users can a pharmacy have and what about a care home', ['how many users can a pharmacy have', 'how many users can a care home have']],
    ['how does a locum gp get nhsmail and what about a locum pharmacist?', ['how does a locum gp get nhsmail', 'how does a locum pharmacist get nhsmail?']],
    ['where do i find our ods code and what about the cqc location id', ['where do i find our ods code', 'what about the cqc location id']],
    // four questions: the fourth joins the third
    ['is it free? how many accounts? what level of dspt? how long does it take?', ['is it free?', 'how many accounts?', 'what level of dspt? how long does it take?']],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(splitQuestions(text)).to.deep.equal(want));
  }
});

describe('splitQuestions: one question with "and" inside stays whole', () => {
  const whole = [
    'can I send and receive emails on my phone',
    'can my manager and I both use the same shared mailbox',
    'how do I log in and out of the app',
    'do I need a mobile phone and an authenticator app for mfa',
    'who can see and edit our shared calendar',
    'how long does it take to set up and activate an account',
    'what are the dos and donts of sending patient data',
    'can we read and reply to the shared mailbox from home and from the office',
    'does nhsmail work on iphones and android phones and tablets',
    'i am locked out and my manager is away, what do i do',
    // "will", "can" after "and" with no subject after them carry on the statement before
    'our senior is off on maternity leave and will be back in june, what happens to her nhsmail',
    'my colleague is getting married and would like her new surname on her account, how do we do that',
    // ...nor does "is" followed by what can be no subject, whatever the part before asks
    'can someone ring our deputy, she has been fighting the shared mailbox for days and is at the end of her tether',
  ];
  for (const text of whole) {
    it(JSON.stringify(text), () => expect(splitQuestions(text)).to.deep.equal([text]));
  }
});

describe('splitQuestions: a verb after "and" still opens a question when a subject follows it', () => {
  const cases: [string, string[]][] = [
    ['is nhsmail free and will it work on my phone', ['is nhsmail free', 'will it work on my phone']],
    ['how do we register and can a pharmacy join too', ['how do we register', 'can a pharmacy join too']],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(splitQuestions(text)).to.deep.equal(want));
  }
});

describe('splitQuestions: text-speak "n" joins questions, and a question follows a negated statement typed without a comma', () => {
  const cases: [string, string[]][] = [
    ['is mfa compulsory n can i use the app for it', ['is mfa compulsory', 'can i use the app for it']],
    ['cant open my inbox on the laptop can i use it on my phone n whats the helpdesk number', ['cant open my inbox on the laptop can i use it on my phone', 'whats the helpdesk number']],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(splitQuestions(text)).to.deep.equal(want));
  }
});

describe('situations: statements about different people sharing one question', () => {
  const cases: [string, string[] | undefined][] = [
    ['a carer is leaving and another one got married, what do i do about their emails', ['a carer is leaving, what do i do about their emails', 'another one got married, what do i do about their emails']],
    ['our cook is off at the end of the week and a senior got divorced and changed her name, what now for their mailboxes', ['our cook is off at the end of the week, what now for their mailboxes', 'a senior got divorced and changed her name, what now for their mailboxes']],
    // one person in two clauses, a statement with no question, someone not brought in, or a question before the comma
    // typed without the comma: the question word after the statements opens the shared question
    ['one of the carers got married and a senior is leaving us what happens to their accounts', ['one of the carers got married, what happens to their accounts', 'a senior is leaving us, what happens to their accounts']],
    ['a domestic is leaving friday and another is getting divorced and will go back to her old name, what do we do with their email', ['a domestic is leaving friday, what do we do with their email', 'another is getting divorced and will go back to her old name, what do we do with their email']],
    // the writer after someone else is a situation of their own
    ["our chef is off to a home in another group, and i'm getting wed in may so my surname changes, what do we each do", ["our chef is off to a home in another group, what do we each do", "i'm getting wed in may so my surname changes, what do we each do"]],
    ["she's left and her account is still active, what do i do", undefined],
    ['a carer is leaving and another one got married', undefined],
    ['i am locked out and my manager is away, what do i do', undefined],
    ['can a carer leave and another one join, what do we do', undefined],
    ['a carer is leaving, what do i do', undefined],
    // a scene told over several sentences is one story, whatever its "and i..." says
    ["my account got switched off. i looked at the reset page, and i don't want to lock myself out. how do i turn it back on?", undefined],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(situations(text)).to.deep.equal(want));
  }
});

describe('turnedStatements: statements about different matters, each after a joiner that turns to another', () => {
  const cases: [string, string[] | undefined][] = [
    ['forgot my pw n cant get in plus my mailbox says its full', ['forgot my pw n cant get in', 'my mailbox says its full']],
    ["i've got married, also our shared mailbox has no owners left", ["i've got married", 'our shared mailbox has no owners left']],
    ['im locked out as well as my mailbox being full', ['im locked out', 'my mailbox being full']],
    ['im locked out and also my manager is away', ['im locked out', 'my manager is away']],
    ['im locked out as well as my deputy', undefined],
    // "and" alone does not turn to another matter, a part that asks is split by splitQuestions, too few words stay whole
    ['im locked out and my manager is away', undefined],
    ['im locked out plus how do i reset it', undefined],
    ['locked out plus my mailbox is full', undefined],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(turnedStatements(text)).to.deep.equal(want));
  }
});

describe('situationParts: each situation with the statement that sets it apart', () => {
  it('gives each statement with its part', () =>
    expect(situationParts('a carer is leaving and another one got married, what do i do about their emails')).to.deep.equal([
      { text: 'a carer is leaving, what do i do about their emails', statement: 'a carer is leaving' },
      { text: 'another one got married, what do i do about their emails', statement: 'another one got married' },
    ]));
});

describe('alternativesAsked: the question of a scene then two ways', () => {
  const cases: [string, string | undefined][] = [
    ['im locked out, can i reset it myself or do i have to ring the helpdesk', 'can i reset it myself or do i have to ring the helpdesk'],
    ['locked out of my email can i reset it on my own or do i ring the helpdesk', 'can i reset it on my own or do i ring the helpdesk'],
    // no scene, no "or", or nothing after the "or"
    ['can i reset it myself or do i have to ring the helpdesk', undefined],
    ['im locked out, can i reset it myself', undefined],
    ['im locked out, can i reset it myself or', undefined],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(alternativesAsked(text)).to.equal(want));
  }
});

describe('splitQuestions and situationParts read the phrase lists as the language made them at load', () => {
  // joiners, a condition after one, "also" turning to another matter, and statements joined before one question
  const texts = [
    'how long do you keep emails, and if we close down will they be deleted',
    'our shared mailbox is full, also how long are disabled accounts kept',
    'a carer is leaving and another one got married, what do I do about their emails',
  ];
  for (const text of texts) {
    it(JSON.stringify(text), () => {
      const language = loadLanguage();
      const want = { parts: splitQuestions(text, language), situations: situationParts(text, language) };
      expect(want.parts.length + (want.situations?.length ?? 0)).to.be.greaterThan(1);
      for (const list of [language.split.joiners, language.split.conditions, language.split.another]) (list as string[]).length = 0;
      expect({ parts: splitQuestions(text, language), situations: situationParts(text, language) }).to.deep.equal(want);
    });
  }
});
