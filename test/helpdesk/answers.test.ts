// Reading request details from what people type: answers inside sentences, "don't know", cancels and non-answers, facts in an opener.
import { expect } from 'chai';
import { readAnswer, readFacts, type Answer } from '../../helpdesk/answers.js';
import type { FieldName, TicketFields, TicketType } from '../../helpdesk/model.js';
import { aboutSomeoneElse, readAdminAnswer, readSelfServiceAnswer, settledByOpener } from '../../dialogs/requestText.js';

const TODAY = '2026-11-30'; // a Monday
const ctx = (type: TicketType) => ({ today: TODAY, type });

const answers: [TicketType, FieldName, string, Answer][] = [
  // inside sentences
  ['extra-accounts', 'email', "it's emma.clarke@carehome.co.uk thanks", { kind: 'value', value: 'emma.clarke@carehome.co.uk', also: {} }],
  ['name-change', 'name', 'Emma Clarke (was Emma Dunn)', { kind: 'value', value: 'Emma Dunn', also: { newName: 'Emma Clarke' } }],
  ['name-change', 'newName', 'Emma Clarke, formerly Dunn', { kind: 'value', value: 'Emma Clarke', also: { name: 'Emma Dunn' } }],
  ['leaver', 'leavingDate', 'friday like i said', { kind: 'value', value: '2026-12-04', also: {} }],
  ['extra-accounts', 'existingInUse', 'i think 9 are, one is on maternity leave', { kind: 'value', value: 9, also: { inUseNote: 'i think 9 are, one is on maternity leave' } }],
  ['extra-accounts', 'existingInUse', 'yes', { kind: 'value', value: true, also: { inUseNote: null } }],
  ['extra-accounts', 'existingInUse', 'no, two have left', { kind: 'value', value: false, also: { inUseNote: 'no, two have left' } }],
  ['extra-accounts', 'extraAccounts', '4 new senior carers', { kind: 'value', value: 4, also: {} }],
  ['locked-out', 'mobile', 'my mobile is 07700 900123', { kind: 'value', value: '+447700900123', also: {} }],
  ['locked-out', 'odsCode', 'I think it is V12345', { kind: 'value', value: 'V12345', also: {} }],
  ['locked-out', 'name', 'my name is Jane Smith', { kind: 'value', value: 'Jane Smith', also: {} }],
  ['leaver', 'movingTo', 'no, leaving care altogether', { kind: 'value', value: null, also: {} }],
  // don't know: kept as null where the helpdesk copes (the dialog decides per type)
  ['locked-out', 'odsCode', 'dont know it sorry', { kind: 'unknown' }],
  ['locked-out', 'odsCode', 'skip', { kind: 'unknown' }],
  ['locked-out', 'mobile', 'no mobile sorry', { kind: 'unknown' }],
  ['locked-out', 'mobile', 'no', { kind: 'unknown' }],
  ['extra-accounts', 'existingInUse', "don't know to be honest", { kind: 'unknown' }],
  // cancels in a sentence
  ['locked-out', 'name', "forget it I'll just ring them", { kind: 'cancel' }],
  ['locked-out', 'email', 'actually hang on, cancel that', { kind: 'cancel' }],
  // questions, complaints and commands are never values
  ['locked-out', 'name', 'this is ridiculous', { kind: 'notAnswer', why: 'complaint' }],
  ['extra-accounts', 'justification', 'why do you need to know all this, it is a waste of time', { kind: 'notAnswer', why: 'complaint' }],
  ['locked-out', 'organisation', 'send', { kind: 'notAnswer', why: 'command' }],
  ['locked-out', 'odsCode', 'send', { kind: 'notAnswer', why: 'command' }],
  ['locked-out', 'organisation', 'what do you mean by site?', { kind: 'notAnswer', why: 'question' }],
  ['locked-out', 'odsCode', 'what is an ods code?', { kind: 'notAnswer', why: 'question' }],
  // asking for the request while it is being made
  ['name-change', 'name', 'can you do it for me', { kind: 'notAnswer', why: 'raising' }],
  ['extra-accounts', 'name', 'can you raise it', { kind: 'notAnswer', why: 'raising' }],
  // wrong answers still say what is wrong
  ['locked-out', 'email', 'jane@example.com', { kind: 'invalid', code: 'email.notNhsmail' }],
  ['mailbox-size', 'seniorApproval', 'not yet', { kind: 'invalid', code: 'approval.missing' }],
  // an organisation typed for a person's name answers another question
  ['name-change', 'newName', 'Sunrise care home', { kind: 'invalid', code: 'name.organisation' }],
  ['leaver', 'name', 'Meadow View Care Ltd', { kind: 'invalid', code: 'name.organisation' }],
  ['leaver', 'name', 'Mary Carew', { kind: 'value', value: 'Mary Carew', also: {} }],
];

describe('reading request answers', () => {
  for (const [type, field, text, want] of answers) {
    it(`${type} ${field}: ${JSON.stringify(text)} -> ${want.kind}`, () => expect(readAnswer(field, text, ctx(type))).to.deep.equal(want));
  }
});

const openers: [TicketType, string, TicketFields][] = [
  ['leaver', "I'm leaving on friday, moving to another care company", { leavingDate: '2026-12-04', movingTo: 'another care company' }],
  ['extra-accounts', 'we need 4 more accounts for 4 new senior carers', { extraAccounts: 4 }],
  ['extra-accounts', 'we need more than 10 accounts', {}],
  ['name-change', 'I got married, my name is now Emma Clarke (was Emma Dunn)', { name: 'Emma Dunn', newName: 'Emma Clarke' }],
  ['locked-out', 'im locked out, my email is jane.smith@nhs.net and I work at Sunrise Care Home', { email: 'jane.smith@nhs.net', organisation: 'Sunrise Care Home' }],
  ['locked-out', "I'm Jane Smith from Sunrise Care Home (V12345), locked out", { name: 'Jane Smith', organisation: 'Sunrise Care Home', odsCode: 'V12345' }],
  ['locked-out', "I'm locked out", {}],
  ['shared-mailbox-access', "We've lost access to our shared mailbox sunrise.care@nhs.net", { sharedMailbox: 'sunrise.care@nhs.net' }],
  ['mailbox-size', 'my mailbox jane.smith@nhs.net is at 4GB and full', { email: 'jane.smith@nhs.net', mailboxSize: 'my mailbox is at 4GB and full' }],
  ['mailbox-size', 'our recoverable items folder is full', { mailboxSize: 'our recoverable items folder is full' }],
];

describe('reading facts from an opening message', () => {
  for (const [type, text, want] of openers) {
    it(`${type}: ${JSON.stringify(text)}`, () => expect(readFacts(text, type, ctx(type))).to.deep.equal(want));
  }
  it('takes the name after a role as the leaver\'s when a manager reports someone else, and only then', () => {
    const other = { ...ctx('leaver'), forOther: true };
    expect(readFacts('please mark our carer Jane Smith as a leaver', 'leaver', other)).to.deep.equal({ name: 'Jane Smith' });
    expect(readFacts('our Senior Carer Mary Brown is leaving', 'leaver', other)).to.deep.equal({ name: 'Mary Brown' });
    // the writer's own name is not the leaver's
    expect(readFacts("I'm Sam Jones, our carer is leaving", 'leaver', other)).to.deep.equal({});
    expect(readFacts('please mark our carer Jane Smith as a leaver', 'leaver', ctx('leaver'))).to.deep.equal({});
  });
});

describe('whom a leaver request is for', () => {
  for (const text of ['one of our carers is leaving next week', 'our cook has left, can you tell the helpdesk', "she's handing her notice in", 'a member of staff is leaving']) {
    it(`${JSON.stringify(text)} is about someone else`, () => expect(aboutSomeoneElse(text)).to.equal(true));
  }
  for (const text of ["i'm leaving next month", 'please mark me as a leaver', 'im leaving our home, can you tell them', 'my last day is friday']) {
    it(`${JSON.stringify(text)} is about the writer`, () => expect(aboutSomeoneElse(text)).to.equal(false));
  }
});

describe('the first questions of lockouts and mailbox space', () => {
  const selfService: [string, ReturnType<typeof readSelfServiceAnswer>][] = [
    ["Yes, I'm back in", 'solved'],
    ['yes it worked thanks', 'solved'],
    ["No, it didn't work", 'notSolved'],
    ['I have no registered method', 'notSolved'],
    ['the reset failed', 'notSolved'],
    ['it says my account is disabled', 'notSolved'],
    ["no i haven't tried that", 'notTried'],
    ['not yet', 'notTried'],
    ['never tried it, i cant remember how', 'notTried'],
    ['hmm', undefined],
  ];
  for (const [text, want] of selfService) it(`self-service: ${JSON.stringify(text)} -> ${want}`, () => expect(readSelfServiceAnswer(text)).to.equal(want));

  const admin: [string, ReturnType<typeof readAdminAnswer>][] = [
    ['The national helpdesk (we joined through the NAS portal)', 'nas'],
    ['Our own Local Administrator or IT team', 'ownAdmin'],
    ['the trust does it', 'ownAdmin'],
    ['no idea', 'notSure'],
    ['purple', undefined],
  ];
  for (const [text, want] of admin) it(`who runs accounts: ${JSON.stringify(text)} -> ${want}`, () => expect(readAdminAnswer(text)).to.equal(want));

  it('takes from the opener what it already settles', () => {
    expect(settledByOpener("I'm locked out and the self-service reset didn't work")).to.deep.equal({ selfServiceFailed: true });
    expect(settledByOpener("I'm locked out")).to.deep.equal({});
    expect(settledByOpener("my account is disabled and I can't sign in")).to.deep.equal({ triedSigningIn: true });
    expect(settledByOpener('mailbox full, we joined through NAS')).to.deep.equal({ admin: 'nas' });
  });
});
