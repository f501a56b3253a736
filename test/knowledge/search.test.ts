// The knowledge-base search: what people really type finds the right entry, off-topic is refused, junk never breaks it.
import { expect } from 'chai';
import { tokenize } from '../../knowledge/language/tokenize.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { DEFAULT_TUNING, DEFAULT_WEIGHTS, KnowledgeSearch, type Hit, type SearchOutcome, type SearchTuning } from '../../knowledge/search.js';
import { TextAnalyzer } from '../../knowledge/text.js';
import { phrasingFolds, scoreFolds } from '../bench/kbEval.js';
import { loadDevSet, loadValidationSet, type DevSet } from '../fixtures/devset.js';

const kb = loadKnowledge();
const search = new KnowledgeSearch(kb.entries, kb.lexicon);

/** The entries in the order the user would see them. */
function shown(out: SearchOutcome): readonly Hit[] {
  return out.kind === 'answer' ? [out.best, ...out.others] : out.candidates;
}

/** Typed questions (typos, informal, UK wording) and the entry the bot must answer with. */
const ANSWERED: [question: string, entryId: string][] = [
  ['im lockd out of my acount', 'locked-out'],
  // (blind set P28) the service named as its people: "phone number" alone is a mobile, for the directory
  ['whats the phone number for the nhsmail people', 'helpdesk-contacts'],
  ['forgotten my pasword and cant log in', 'locked-out'],
  ['how do i change my surname after getting married', 'name-change'],
  ['we need more than 10 accounts', 'more-than-10-accounts'],
  ['whats an ods code', 'ods-code'],
  ['were is our cqc locaton id', 'cqc-location-id'],
  ['our registered manager needs the cqc contact id', 'cqc-contact-id'],
  ['is nhs mail free', 'nhsmail-cost'],
  ['how do i give a colleague acces to the shared mailbox', 'shared-mailbox-access'],
  ['everyone who had access to the shared mailbox has left', 'shared-mailbox-lost-access'],
  ['my account was deleted can i get it back', 'restore-deleted-account'],
  ['how to reactivate my deactivated account', 'reactivate-account'],
  ['a member of staff has handed in their notice', 'leaver'],
  ['can i open nhsmail on my mobile phone', 'web-access'],
  ['how do i hide my mobile number from the directory', 'hide-mobile-number'],
  ['set up 2fa on nhsmail', 'mfa'],
  ['how often do i have to log in to keep my account', 'inactivity'],
  ['how do dentists register for nhs mail', 'dental-registration'],
  ['im a locum pharmacist can i get an account', 'pharmacy-locum'],
  ["we're a care home in glasgow", 'scotland'],
  ['how do gp locums register', 'gp-locum-registration'],
  ['junior doctor needing nhsmail', 'junior-doctors'],
  ['what do i need ready before registering with nas', 'nas-checklist'],
  ['we have over 30 care homes can we register in bulk', 'bulk-upload'],
  ['can i share my password with my manager', 'never-share-password'],
  ['can i keep care records in my inbox', 'not-for-records'],
  ['whats the helpdesk phone number', 'helpdesk-contacts'],
  ['moving to a new care provider, can i keep my nhsmail', 'joiner-new-provider'],
];

/** Questions outside NHSmail: the bot must not answer them. */
const OFF_TOPIC: string[] = [
  "what's the weather like tomorrow",
  // the words of the intents added for NHSmail ("does it work on", "how do i stop", "taking ages") about other things
  'does it work on weekends',
  'how do i stop residents falling',
  'how do i avoid burnout',
  'why is my laptop taking so long to start up',
  'i cant log in to my laptop',
  // (an HR reference for a leaver, and the CQC's provider information return: not NHSmail's leavers or timescales)
  'how do i write a reference for a carer who is leaving next month',
  'cqc sent us a provider information return request, how long have we got to do it',
  // care work, not NHSmail: a pharmacy's hours, carers' training, grants, the ICO's register, whether Teams is free
  'what time does the pharmacy close',
  'what training do carers need',
  'how do we apply for a grant',
  'how do we register with the ico',
  'is teams free for care homes',
  'is it going to rain in leeds',
  'when do we get paid, payroll question',
  'what dose of paracetamol for a resident',
  'how many days annual leave do i get',
  // (sick leave too: "sick" had been the safety reply's until time off sick became a figure of speech)
  'how many days sick leave can i take',
  'tell me a joke',
  'can you recommend a good recipe for lunch',
  'who won the football',
  'how do i fix the printer',
  'how long do we need to keep old staff files',
  'what exactly is a subject access request',
  'how do i unlock my iphone at work',
  'what does it take to become a registered manager',
  'how do i register a resident with a dentist',
  'what do we need to register with cqc as a new provider',
];

/** Nothing to search on once filler and punctuation go. */
const NOTHING_TO_SEARCH: string[] = ['', '   ', '?!?!', '...', 'the of and to', 'please thanks', 'ok', 'a'];

const JUNK: [name: string, text: string][] = [
  ['control characters', '\u0000\u0001\u0002locked\u0007 out\u001b[31m\u007f'],
  ['5,000 characters of one letter', 'a'.repeat(5000)],
  ['5,000 characters of words', 'locked out password '.repeat(250)],
  ['one 5,000-character word', `x${'y'.repeat(4999)}`],
  ['emoji', '🔒🔒 locked out 😭😭 👍🏽👩‍⚕️'],
  ['only emoji', '😀😃😄😁'],
  ['only punctuation', '!!!???...,,,;;;:::"\'()[]{}<>/\\|@#~'],
  ['SQL-ish text', "'; DROP TABLE users; -- OR 1=1 /* locked out */"],
  ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['regex metacharacters', '.*+?^${}()|[]\\ (a+)+$ ((((('],
  ['right-to-left and zero-width', '\u202Eabc\u200B\u200D\u2060def\uFEFF'],
  ['lone surrogates', '\uD800\uDC00\uD800 \uDFFF'],
  ['numbers only', '1234567890 0 00 000000000000000000000'],
  ['many short words', Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ')],
  ['non-Latin script', 'Я заблокирован 我被锁定了 أنا محظور'],
];

const answeredBy = (q: string) => {
  const out = search.search(q);
  return out.kind === 'answer' ? out.best.entry.id : out.kind;
};

/** The first topic the reply shows: the answer, or the first offered. */
function firstShown(q: string): string | undefined {
  const out = search.search(q);
  return (out.kind === 'answer' ? out.best : out.candidates[0])?.entry.id;
}

describe('KnowledgeSearch', () => {
  describe('answers what people type', () => {
    for (const [question, entryId] of ANSWERED) {
      it(`"${question}" -> ${entryId}`, () => {
        const out = search.search(question);
        expect(out.kind, `ranked: ${shown(out).map((h) => h.entry.id).join(', ')}`).to.equal('answer');
        if (out.kind === 'answer') expect(out.best.entry.id).to.equal(entryId);
      });
    }
  });

  describe('refuses questions outside NHSmail', () => {
    for (const question of OFF_TOPIC) {
      it(`"${question}"`, () => {
        expect(search.search(question).kind).to.be.oneOf(['offTopic', 'unsure']);
      });
    }
  });

  describe('is unsure, with no candidates, when nothing is left to search on', () => {
    for (const text of NOTHING_TO_SEARCH) {
      it(JSON.stringify(text), () => {
        expect(search.search(text)).to.deep.equal({ kind: 'unsure', candidates: [] });
      });
    }
  });

  it('does not take "dose", a common typo of "does", for the off-topic marker of a medicine dose', () => {
    const out = search.search('how much dose nhsmail cost');
    expect(out.kind).to.equal('answer');
    if (out.kind === 'answer') expect(out.best.entry.id).to.equal('nhsmail-cost');
  });

  it('answers a leader far ahead of the rest at lower coverage when the question names an NHSmail thing', () => {
    const q = 'renewing the toolkit this spring, anything i might overlook doing';
    const out = search.search(q);
    expect(out.kind === 'answer' && out.best.entry.id).to.equal('dspt-renewal');
    // (the learned model is sure of it too, so settling by it is turned off to see this rule alone)
    const strict = new KnowledgeSearch(kb.entries, kb.lexicon, { ...DEFAULT_TUNING, clearCoverage: 1, settledCoverage: 1 });
    expect(strict.search(q).kind, 'without the clear-lead rule').to.equal('unsure');
  });

  it('answers a clear leader covering a little under half the question (answerCoverage 0.45, bench:kb:calibrate)', () => {
    // (asked "whats an ods code" it is sure: a clause asking just what the entry defines lifts its coverage)
    const q = 'were a small care home in leeds and the form keeps asking us for an ods code, any help';
    const out = search.search(q);
    expect(out.kind === 'answer' && out.best.entry.id).to.equal('ods-code');
    if (out.kind === 'answer') expect(out.best.coverage).to.be.within(0.45, 0.5);
    // (and the learned model not settling it: it is all but sure of the ODS code's entry)
    const strict = new KnowledgeSearch(kb.entries, kb.lexicon, { ...DEFAULT_TUNING, answerCoverage: 0.5, settledCoverage: 1 });
    expect(strict.search(q).kind, 'with the bar at 0.5').to.equal('unsure');
  });

  it('answers a leader in doubt that the learned model settles, and never a runner-up the model prefers (settledCoverage 0.4)', () => {
    // a leader in doubt, the dental practice's ODS code close behind it; the model is sure of the first ("no idea what
    // our ODS code is" asks what it is in so many words, which the definition rule answers itself; so does "no idea
    // about our ODS code", asking about the thing it names). ("the ODS code thing, never heard of it before today. care
    // home in leicester" was this example until the model trained on the second and third sessions' blind sets: it
    // learned that people asking about the registration checklist name the ODS code too, and offers the ODS code first)
    const tie = 'this ods code business, never come across it before. residential home in leicester';
    const out = search.search(tie);
    expect(out.kind === 'answer' && out.best.entry.id).to.equal('ods-code');
    const unsettled = new KnowledgeSearch(kb.entries, kb.lexicon, { ...DEFAULT_TUNING, settledCoverage: 1 });
    expect(unsettled.search(tie).kind, 'without settling').to.equal('unsure');
    // a leader just short of answerCoverage, the model surer of it than of anything else (dev set 3; "half my carers
    // cant log in this week, it keeps asking them to register a second method..." was this example until the model
    // trained on dev set 3's older blind sets in the twenty-first session, and now answers MFA without settling)
    const short = 'locum asked if he can just use my nhsmail login for the day as his is playing up, can i give it him';
    const renewal = search.search(short);
    expect(renewal.kind === 'answer' && renewal.best.entry.id).to.equal('never-share-password');
    if (renewal.kind === 'answer') expect(renewal.best.coverage).to.be.below(DEFAULT_TUNING.answerCoverage);
    expect(unsettled.search(short).kind, 'without settling').to.equal('unsure');
    // the model prefers what happens after registering, but the ranking leads with how long things take: both are
    // offered, in the ranking's order
    const split = search.search('we registered on the portal last week, how long till we hear anything back');
    expect(split.kind).to.equal('unsure');
    const offered = split.kind === 'unsure' ? split.candidates.map((h) => h.entry.id) : [];
    expect(offered[0]).to.equal('timescales');
    expect(offered).to.include('after-registering');
  });

  it('says "not sure" when the runner-up is close behind a weakly covered leader (clearRatio 0.7, bench:kb:calibrate)', () => {
    // a phone's own email app is asked about; the weakly covered leader, using NHSmail on the web, would be a wrong
    // answer. (The questions this first held, "whats the point of having nhs mail, we already use outlook...", are now
    // read as asking what NHSmail is for, and answered so.)
    const q = 'how do i attach a photo to an email on my iphone';
    const out = search.search(q);
    expect(out.kind).to.equal('unsure');
    if (out.kind === 'unsure') expect(out.candidates[0]?.entry.id).to.equal('web-access');
    const loose = new KnowledgeSearch(kb.entries, kb.lexicon, { ...DEFAULT_TUNING, clearRatio: 1 }).search(q);
    expect(loose.kind === 'answer' && loose.best.entry.id, 'with no runner-up rule').to.equal('web-access');
  });

  it('sits where no neighbouring threshold answers more of the entries\' own held-out wordings right without answering more wrongly', function () {
    // five indexes over ~2,400 wordings, scored seven times: about 10 s alone on a CI core, several times that when shared
    this.timeout(180_000);
    // bench:kb:calibrate's rule (5-fold over the entries' phrasings, never a labelled set): a setting is better only
    // with more answered right and no more answered wrong. Checked for the thresholds it last moved, one step each way.
    const tuning = { ...DEFAULT_TUNING };
    const folds = phrasingFolds(kb, { tuning });
    const now = scoreFolds(folds);
    const steps: [keyof SearchTuning, number][] = [['answerCoverage', 0.05], ['sureCoverage', 0.1], ['clearRatio', 0.05]];
    const better: string[] = [];
    for (const [key, step] of steps) {
      for (const value of [DEFAULT_TUNING[key] - step, DEFAULT_TUNING[key] + step]) {
        Object.assign(tuning, DEFAULT_TUNING, { [key]: value });
        const f = scoreFolds(folds);
        if (f.answered > now.answered && f.answeredWrong <= now.answeredWrong) better.push(`${key} ${value}: right ${f.answered} wrong ${f.answeredWrong}`);
      }
    }
    expect(better, `now: right ${now.answered} wrong ${now.answeredWrong}`).to.deep.equal([]);
  });

  it('refuses a weak match when the question names nothing NHSmail, unless the caller knows it is about NHSmail', () => {
    const q = 'how long are opened food tubs kept in the kitchen';
    expect(search.search(q).kind).to.equal('offTopic');
    expect(search.mentionsAnchor(q)).to.equal(false);
    expect(search.search(q, { anchored: true }).kind).to.not.equal('offTopic');
    expect(search.mentionsAnchor('and how do I unlock my nhs.net account')).to.equal(true);
  });

  it("reads another body's portal or someone's address as a marker, not the care provider portal or an invite email", () => {
    expect(search.search("we're an opticians, do we go through the care provider portal or is there something different for optometry?").kind).to.not.equal('offTopic');
    expect(search.search('how do i register on the councils provider portal').kind).to.equal('offTopic');
    const invite = search.search("got an invite email for the gp locum portal but unsure if i'm even eligible");
    expect(invite.kind === 'answer' && invite.best.entry.id).to.equal('gp-locum-registration');
    expect(search.search('do you know the email for the gp surgery on our road').kind).to.equal('offTopic');
  });

  it('reads an inactive account as a stage of the timeline, and one to get back or switch on as reactivation', () => {
    const stage = search.search("If I don't log in for a couple of months will my account just be inactive or will it be gone altogether?");
    expect(stage.kind === 'answer' && stage.best.entry.id).to.equal('account-lifecycle');
    const back = search.search('our shared mailbox says inactive, how do we switch it back on');
    expect(back.kind === 'answer' && back.best.entry.id).to.equal('reactivate-account');
    // ...and "back into use" is switching on, not restoring a deleted account
    const use = search.search("Both my own NHSmail account and our care home's shared mailbox were deactivated while I was away on leave for five weeks. What steps do I need to take to bring them back into use?");
    expect(use.kind === 'answer' && use.best.entry.id).to.equal('reactivate-account');
  });

  it("refuses the writer's own other email services and the office copier, not a yahoo or outlook.com recipient", () => {
    expect(search.search('how do i change my outlook.com pasword on the phone app').kind).to.equal('offTopic');
    expect(search.search('we use nhsmail at work but how do i set an out of office on my personal outlook.com').kind).to.equal('offTopic');
    expect(search.search('how do i scan a letter and email it as a pdf from the office copier').kind).to.equal('offTopic');
    expect(search.search('is it ok to send confidential info to an outlook.com or yahoo address').kind).to.not.equal('offTopic');
  });

  it('does not read an off-topic marker inside a known phrase ("changing jobs" is a joiner; "jobs" alone marks recruitment)', () => {
    expect(search.analyzer.analyze('changing jobs to the home down the road, do i keep my nhs.net', { correct: true }).offTopic).to.deep.equal([]);
    expect(search.analyzer.analyze('any jobs going at the home down the road', { correct: true }).offTopic).to.deep.equal(['jobs']);
  });

  it('reads an off-topic marker that holds a known phrase and says more ("nhs log in" holds "log in"), but not one that is only the phrase', () => {
    expect(search.analyzer.analyze('my nhs log in wont recognise my face scan', { correct: true }).offTopic).to.deep.equal(['nhs log in']);
    expect(search.search('my nhs log in wont recognise my face scan').kind).to.equal('offTopic');
    expect(search.analyzer.analyze('can we store care notes in a shared mailbox', { correct: true }).offTopic).to.deep.equal([]);
  });

  it('does not let an entry cover an off-topic phrase with its words used apart ("nhs number" is not an nhs.net mobile number)', () => {
    const q = 'how would i find my nhs number';
    // the entry on mobile numbers in the directory uses both words, but never the phrase
    expect(search.analyzer.analyze(q, { correct: true }).offTopic).to.deep.equal(['nhs number']);
    expect(search.search(q).kind).to.equal('offTopic');
  });

  it('refuses a question about a personal account with another email provider', () => {
    for (const q of ['someone has got into my yahoo account and is sending spam', 'cant remember the password for my aol email']) {
      expect(search.search(q).kind, q).to.not.equal('answer');
    }
    // ...the writer's "own" one too
    expect(search.search('forgot the password for my own hotmail at home, can you reset it').kind).to.equal('offTopic');
    // sending from NHSmail to such an address stays a question about NHSmail
    expect(shown(search.search('can i email a care plan to a relative at a yahoo address'))[0]?.entry.id).to.equal('sending-to-non-secure');
    expect(answeredBy('can i forward my nhsmail to my own hotmail')).to.equal('sending-to-non-secure');
  });

  it('reads going back to one\'s country or to university as leaving, not as getting an account back', () => {
    expect(answeredBy('I finish my job in the care home and go back to my country. Must I tell somebody about the nhs email account?')).to.equal('leaver');
    expect(answeredBy('leaving care work completely at the end of the month, going back to uni. what do i do about my nhs.net account, do i just stop using it and let it die?')).to.equal('leaver');
  });

  it('reads "regain access" as getting back in: a forgotten password is the lockout, not the lost shared mailbox', () => {
    expect(answeredBy('I have forgotten my NHSmail password and cannot get into my mailbox. Please could you advise how I can regain access?')).to.equal('locked-out');
  });

  it('reads "the home email" and the one with the home\'s name as the shared mailbox; "my home email" stays the writer\'s own', () => {
    expect(answeredBy('whats the difference between my own nhs.net email and the one with the homes name on it that everyone seems to use')).to.equal('shared-mailbox');
    expect(answeredBy('can i forward nhsmail to my home email')).to.equal('sending-to-non-secure');
  });

  it('reads others using the writer\'s login, or two people on the same login, as sharing a password; using it on a phone is not', () => {
    expect(answeredBy('can the night staff all just use my nhsmail login so they see the hospital emails')).to.equal('never-share-password');
    expect(answeredBy('can me and my friend carer use same nhsmail login? she dont have account yet')).to.equal('never-share-password');
    expect(answeredBy('can i use my login on my phone')).to.equal('web-access');
  });

  it('reads exasperation ("what on earth is", "what the hell is") as asking what a thing is, and its words as nothing asked', () => {
    expect(answeredBy('what on earth is an ods code')).to.equal('ods-code');
    expect(answeredBy('what the hell is a cqc contact id, the form wont go through without it')).to.equal('cqc-contact-id');
  });

  it('reads "a few different way" typed in the singular as the ways in', () => {
    expect(answeredBy('Hello, I am new manager in care home in Leicester. I read there is few different way to get nhs.net email for care company. Please what are they and which one is the normal one?')).to.equal('registration-routes');
  });

  it('reads a letter\'s "please be advised" and "regarding" as saying nothing asked', () => {
    expect(answeredBy('Please be advised that a member of staff, J. Okafor, left our employment on Friday and is not going into another care role. What do we need to do regarding her NHSmail account?')).to.equal('leaver');
  });

  it('reads "odss code" typed with a slip as the ODS code', () => {
    expect(answeredBy('odss code where')).to.equal('ods-code');
  });

  it('reads "after i leave" as leaving and "at the limit" or "clear space" as a full mailbox', () => {
    expect(answeredBy('how long after i leave does my nhs email get deleted')).to.equal('leaver');
    expect(answeredBy('how do i clear space quick, inbox says im at the limit')).to.equal('mailbox-full');
    // the limit asked about is the size
    expect(answeredBy('what is the storage limit')).to.equal('mailbox-size');
  });

  it('reads a box that is full, running out of room and being told something as the words the mailbox entries use', () => {
    expect(answeredBy('outlook keeps telling me my box is full')).to.equal('mailbox-full');
    expect(answeredBy('will i run out of room on nhsmail')).to.equal('mailbox-full');
    // "someone told me" is who passed it on (reportWords), not what is asked
    expect(shown(search.search('someone told me some staff can get 50gb instead of the normal amount, who decides'))[0]?.entry.id).to.equal('mailbox-size');
  });

  it('reads gigs as GB and not signing in as not using the account', () => {
    expect(answeredBy('how many gigs do we get on nhs.net')).to.equal('mailbox-size');
    expect(answeredBy('if i dont log in for a few months what happens to my account')).to.equal('account-lifecycle');
  });

  it('reads republishing the toolkit as renewing it, a code on the phone as MFA and checking mail from a home laptop as where NHSmail is used', () => {
    expect(answeredBy('got a reminder that the dspt needs republishing')).to.equal('dspt-renewal');
    expect(answeredBy('my mum cant log in since they brought in the code on the phone')).to.equal('mfa');
    expect(answeredBy('can i check nhsmail from my home laptop')).to.equal('web-access');
  });

  it('reads "is nhs mail free for ..." as the cost, and an everyone entry covering all a pharmacy entry does as the answer when no pharmacy is named', () => {
    expect(answeredBy('is nhs mail free for home care agencies')).to.equal('nhsmail-cost');
    expect(answeredBy('My colleague in another home told me they pay nothing for NHS email, is this correct also for us? we are domiciliary care')).to.equal('nhsmail-cost');
    expect(answeredBy('who do i email for help with nhsmail, is there an address')).to.equal('helpdesk-contacts');
    // (the service asked how to reach it as "you")
    expect(answeredBy('how do I contact you')).to.equal('helpdesk-contacts');
    expect(answeredBy('who do pharmacies email about nhsmail problems')).to.equal('pharmacy-contact');
  });

  it('reads "is it only for hospitals" and "able to get nhs mail" as asking who can have NHSmail', () => {
    expect(answeredBy('Is nursing home able to get nhs mail or it is only for NHS hospital staff?')).to.equal('care-provider-eligibility');
    expect(answeredBy('I work in a residential home for elderly people. Can our home have nhs.net email or it is only for hospitals and GP?')).to.equal('care-provider-eligibility');
  });

  it('reads someone on another provider, or their provider account, as an address sent to; "sent" is sending', () => {
    expect(answeredBy('is it ok to send the medication list to a residents son on yahoo')).to.equal('sending-to-non-secure');
    expect(answeredBy('a client wants his rota sent to his yahoo account, is that allowed')).to.equal('sending-to-non-secure');
    expect(search.search('my yahoo account got hacked').kind).to.equal('offTopic');
  });

  it('answers sending patient details to an NHS colleague with an answer that is right for NHSmail addresses too', () => {
    // the entry's answer opened "Not as a normal email", wrong for a GP practice or district nurses on NHSmail
    const id = answeredBy('can i send patient details to the GP from my nhsmail');
    expect(id).to.equal('sending-to-non-secure');
    const answer = kb.byId.get(id as string)?.answer ?? '';
    expect(answer.split(/(?<=\.)\s/)[0]).to.match(/depends/i);
    expect(answer).to.match(/also use NHSmail/).and.to.match(/Gmail/);
  });

  it('keeps to the leader the learned model is all but sure of when the question alone, without its scene, would answer another', () => {
    // (dev set 3, B87) the question alone is how accounts come and go; the scene says what "before it is" means
    const q = "Long story short I've been trying to get our email sorted since christmas, got halfway through the toolkit, then the manager went off sick and it all stalled and it still isnt published. Is there any point applying for nhsmail before it is?";
    const got = search.search(q);
    expect(shown(got)[0]?.entry.id).to.equal('dspt-not-done');
  });

  it('offers, rather than refuses, a topical leader when a topical runner-up is one the learned model is sure of', () => {
    const got = search.search('we registered on the portal last week, how long until we hear back');
    expect(got.kind).to.equal('unsure');
    expect(shown(got).map((h) => h.entry.id)).to.include.members(['timescales', 'after-registering']);
    // with no topical leader, an off-topic question stays refused
    expect(search.search('how long can cooked rice be kept in the fridge').kind).to.equal('offTopic');
  });

  it('reads a first sentence saying only who writes as who asks, when the whole message leaves it unsure or the profession pulled it', () => {
    // the pharmacist's own entries pulled the whole message to registering a pharmacy
    expect(answeredBy("I'm a community pharmacist. My NHSmail says I've run out of space and I can't send anything, right in the middle of sorting a referral. I never delete anything. Any ideas what to clear first?")).to.equal('mailbox-full');
    // (known miss since the model trains on people's questions, examples.yaml: "Small dom care agency. Our owner thinks
    // the DSPT was a one off thing... do we have to keep doing it?" is answered with the ways in, as the whole message
    // is, which many of those questions open with such a sentence, rather than the yearly DSPT)
    // a profession's own entry answering the whole gives way when the profession's words alone pulled it...
    expect(answeredBy("Pharmacy technician here. My account got locked after too many attempts on a new computer at work. My store manager isn't sure who to ask and neither am I. How do I get back into NHSmail?")).to.equal('locked-out');
    // ...and stands when it covers the rest as well as anything does
    expect(answeredBy('Pharmacist here. how many accounts can we have?')).to.equal('pharmacy-users');
    expect(answeredBy("I'm a dentist. How do we get NHSmail?")).to.equal('dental-registration');
    // ...and when the learned model is surer of the whole message's answer than of the rest's (the rest alone read
    // as how many accounts every site gets)
    expect(answeredBy('head office of a pharmacy multiple here, whats the process for getting nhsmail across our branches')).to.equal('pharmacy-multiples');
  });

  it('reads a first clause saying only who writes, before a comma, as a first sentence saying it', () => {
    // wording of our own: the optometry and pharmacy registration entries had pulled these
    expect(answeredBy('high street optician, do we pay anything for nhsmail or is it free')).to.equal('nhsmail-cost');
    expect(answeredBy('community pharmacy, is the multi factor sign in compulsory now or can we turn it off')).to.equal('mfa');
    // a clause telling what is happening says more than who writes
    expect(answeredBy('starting fy1 next month, do i sign myself up for nhsmail on the portal before i start')).to.equal('junior-doctors');
    expect(answeredBy('dental practice, how do we sign up for nhsmail')).to.equal('dental-registration');
  });

  it('sets aside who passed the question on (the lexicon\'s reportWords): "the ICB keep mentioning", "head office asking if"', () => {
    expect(answeredBy('what is this data security and protection toolkit thing the ICB keep mentioning')).to.equal('dspt-what-is');
    expect(answeredBy('my manager wants to know how long it takes to register')).to.equal('timescales');
    expect(answeredBy('what is the dspt the icb keeps on about')).to.equal('dspt-what-is');
    // the report's own words go too: "keeps" in "keeps saying" is no keeping an account active
    expect(answeredBy('wats nhs mail actually for, manager keeps saying we need it')).to.equal('what-is-nhsmail');
    // a pronoun reporting is who passed it on; the words before it are what is asked about, not the reporter
    expect(answeredBy('whats this data security toolkit they keep mentioning, never heard of it')).to.equal('dspt-what-is');
    expect(answeredBy('whats this data security toolkit they keep saying we need, never heard of it')).to.equal('dspt-what-is');
  });

  it('reads not hearing back as the wait after applying, not a form not done', () => {
    expect(answeredBy('sent off the nas registration on monday, havent heard anything, what happens now')).to.equal('after-registering');
    expect(answeredBy('registered on nas 3 weeks ago and still havent heard anything')).to.equal('timescales');
    // nor the "heard" of hearsay in an entry's example wordings ("heard locums can get their own nhsmail now"): it had
    // answered the GP locum's route to a care home still waiting after registering on the portal; since the model
    // trained on dev set 3's older blind sets (twenty-first session) it is torn between what happens after registering
    // and how long it takes, and offers both)
    const waiting = search.search('we registered through the portal last week and havent heard from anyone');
    expect(waiting.kind).to.equal('unsure');
    expect(shown(waiting).slice(0, 2).map((h) => h.entry.id)).to.have.members(['after-registering', 'timescales']);
    expect(answeredBy('applied a fortnight ago and heard nothing back, is that normal')).to.equal('timescales');
    expect(answeredBy('heard locums can get nhsmail now, how do i')).to.equal('gp-locum-registration');
  });

  it('reads the clauses that ask in a yes/no question with no question mark, for markers asked about', () => {
    // wording of our own: "email for the" asks for an address only in a clause that asks
    expect(answeredBy('we need secure email for the discharge team by next month and havent even started the dspt, can we get accounts anyway')).to.equal('dspt-not-done');
  });

  it('reads "ours" as pointing back at what the scene named, as "it" does', () => {
    // (the registration checklist, which lists the ODS code among what the form wants, had answered it)
    expect(answeredBy('the form wants an ods code, i have no idea what ours is')).to.equal('ods-code');
    expect(answeredBy('the portal wants our cqc location id and i dont know what ours is')).to.equal('cqc-location-id');
  });

  it('reads a clause of time or cause after what a definition question names as its scene', () => {
    // wording of our own: the registering had made it the entry about what happens after registering
    expect(answeredBy('what is the shared mailbox we got after we registered')).to.equal('shared-mailbox');
  });

  it('reads an organisation the portal does not list, however it is said, as the pharmacy team\'s to sort', () => {
    // wording of our own
    expect(answeredBy('typed our f code into the pharmacy site and our shop is not showing on it')).to.equal('pharmacy-contact');
    expect(answeredBy('our branch isnt listed on the pharmacy registration site')).to.equal('pharmacy-contact');
    // "cant find our" is no such phrase: what is not found may be the writer's own code
    expect(answeredBy('cant find our ods code')).to.equal('ods-code');
  });

  it('reads others using the writer\'s login as sharing it; using it somewhere is not', () => {
    expect(answeredBy('is it ok if the other carers all use my login')).to.equal('never-share-password');
    expect(answeredBy('everyone on nights logs in as me, is that allowed')).to.equal('never-share-password');
    expect(search.analyzer.analyze('can i use my login on my phone').terms).to.not.include('passwordshar');
  });

  it('reads never having heard of what a scene points back at as asking what it is, in words naming no topic', () => {
    expect(answeredBy('where do i find our ods code, the form wants it and ive never heard of it')).to.equal('ods-code');
    expect(search.analyzer.analyze('ive never heard of it').terms).to.deep.equal([]);
    expect(answeredBy('never heard of nhsmail before, what is it')).to.equal('what-is-nhsmail');
  });

  it('reads how the logins come through as asking how, and waiting for them to come through as how long', () => {
    expect(answeredBy('submitted the registration yesterday, how do the log in details come through to us')).to.equal('after-registering');
    expect(search.analyzer.analyze('still waiting for the accounts to come through').intents).to.include('~howlong');
  });

  it('reads "the security self assessment" as the DSPT, and the score needed on it as its level', () => {
    expect(answeredBy('does the security self assessment have to be redone every year or is once enough')).to.equal('dspt-renewal');
    expect(answeredBy('what score do we need on that yearly security questionnaire before they will give us nhs email')).to.equal('dspt-requirement');
    expect(answeredBy('i forgot my security questions')).to.equal('helpdesk-authentication');
  });

  it('reads "no toolkit done" as a toolkit not done, and "in the meantime" as not yet', () => {
    expect(answeredBy('new home, only opened in march and no toolkit done at all. can we get nhs mail in the meantime while we sort it')).to.equal('dspt-not-done');
    expect(search.analyzer.analyze('no toolkit yet').terms).to.deep.equal(search.analyzer.analyze('not toolkit yet').terms);
  });

  it('reads coming back from time away as when, and a colleague away whose login is wanted as what is asked', () => {
    expect(answeredBy('back from holiday and my nhsmail password isnt working, cant get in at all')).to.equal('locked-out');
    expect(answeredBy('my colleague is on holiday, can i use her nhsmail password to check her emails')).to.equal('never-share-password');
    expect(answeredBy('my nhs email has been deleted while i was on maternity leave, can i get the old one back with my emails')).to.equal('restore-deleted-account');
  });

  it('reads a question passed on from its question word, and asking what a thing is in reported order as a definition', () => {
    expect(answeredBy('during our information governance audit we were asked how long a disabled nhsmail account stays on the system, could you confirm the retention period')).to.equal('disabled-account-retention');
    expect(answeredBy('new deputy asking what the dspt is and who its for')).to.equal('dspt-what-is');
    expect(answeredBy('my manager asked me what the dspt is exactly')).to.equal('dspt-what-is');
  });

  it('answers a name shown wrong and the helpdesk needing a password with their own entries, not the pharmacy contacts or a reset', () => {
    expect(answeredBy('my name is wrong on my nhs.net, who do i contact to get it fixed')).to.equal('name-change');
    expect(answeredBy('our pharmacy details on the portal are wrong, who fixes it')).to.equal('pharmacy-contact');
    expect(answeredBy('does the helpdesk ever need your password when you call them')).to.equal('never-share-password');
  });

  it('reads a form filled in as one sent, and who fills it in as asked', () => {
    expect(answeredBy('weve filled in the online thing for the nhs email, whats next')).to.equal('after-registering');
    expect(answeredBy('who fills in the registration form')).to.equal('nas-registration');
  });

  it('reads keeping something in the shared mailbox as storing it there, and payslips as payroll', () => {
    expect(answeredBy('can we just keep all the residents daily notes in folders in the shared mailbox')).to.equal('not-for-records');
    expect(search.search('cant log into my online payslips, it says password expired').kind).to.equal('offTopic');
  });

  it('reads asking what one has agreed to as asking what the thing agreed to is', () => {
    expect(answeredBy('the first time i logged in it wanted me to accept some usage policy, what am i agreeing to')).to.equal('acceptable-use-policy');
    expect(answeredBy('first login asks me to accept the aup and set security questions')).to.equal('new-account-activation');
  });

  it('reads how widely an organisation is spread as where it is, not what it asks', () => {
    expect(answeredBy('we have 42 care homes across the country, is there a bulk way of getting nhsmail for all of them')).to.equal('bulk-upload');
  });

  it('reads "dos" typed for "does" as nothing, and "the nhs secure email" as NHSmail', () => {
    expect(answeredBy('how dos a chemist get nhsmail')).to.equal('pharmacy-registration');
    expect(answeredBy('how does a chemist get the nhs secure email')).to.equal('pharmacy-registration');
    expect(search.analyzer.analyze('is the secure nhs email free').terms).to.deep.equal(search.analyzer.analyze('is nhsmail free').terms);
  });

  it('reads "keep" before what someone keeps doing as how often, and keeping an account as keeping', () => {
    expect(search.analyzer.analyze('it keeps asking for my password').terms).to.not.include(search.analyzer.analyze('keep').terms[0]);
    expect(search.analyzer.analyze('how do i keep my account active').terms).to.include(search.analyzer.analyze('keep').terms[0]);
  });

  it('refuses a question about another system named by a word no entry uses, beside what one signs in with ("password for rotacloud")', () => {
    expect(search.search('forgot my password for rotacloud how do i reset it').kind).to.equal('offTopic');
    expect(search.search('my carebeans login keeps failing').kind).to.equal('offTopic');
    // NHSmail named, or a slip in a word the knowledge base uses, is no other system
    expect(answeredBy('forgot my password for nhsmail how do i reset it')).to.equal('locked-out');
    expect(search.search('forgot my pasword for nhs mial').kind).to.equal('answer');
    expect(search.search('forgot my rotacloud password and my nhsmail one').kind).to.not.equal('offTopic');
  });

  it('refuses another website\'s own sign-in, named by whose it is, where the question asks about it (B109-B112)', () => {
    for (const q of [
      'dspt website login not working, how do i reset the password for the toolkit site',
      "the DSPT website won't let me log in, says my email isn't recognised as a user",
      'how do i reset my password for the nhs learning hub',
      'cant log into the council invoicing website',
      'how do i add my deputy as a user on our dspt account so she can edit it',
    ]) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    // a login for each site is NHSmail's; a scene's login is no question; the toolkit checked after logging in is asked
    expect(search.search('do i need a login for each site').kind).to.not.equal('offTopic');
    expect(answeredBy("what details do i need for the NAS registration? i've got our CQC number and capacity tracker login to hand if that helps")).to.equal('nas-checklist');
    expect(answeredBy('we submitted the dspt, how do i log in to check its published')).to.equal('dspt-check-status');
  });

  it('refuses the writer\'s own company email said not to be NHSmail, its address written out, and Microsoft 365 of their own (B113, B115)', () => {
    for (const q of [
      "Hi, our company Microsoft 365 mailbox is full and Outlook says I'm over my quota. It's our own @ourcarehome.co.uk email, not nhs.net. How do I get more space?",
      'our company microsoft 365 licence has expired, how do we renew it',
      'how do i reset my microsoft 365 password for our company outlook, not nhs mail, the normal work one',
      "Hi, our GP surgery uses SystmOne. Can our nurses get a login so we can view residents' GP records?",
    ]) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    // gmail used instead of NHSmail, asked about, is sending to a non-secure address; NHSmail on the company's Outlook is NHSmail's
    expect(answeredBy('i use gmail, not nhsmail, is that ok for sending care plans')).to.equal('sending-to-non-secure');
    expect(search.search('can we get nhsmail on our company outlook').kind).to.not.equal('offTopic');
  });

  it('refuses what a thing "itself" is, set against NHSmail ("the toolkit website itself, not NHSmail")', () => {
    expect(search.search("I've forgotten the password to the Data Security and Protection Toolkit website itself, not NHSmail. How do I reset that login?").kind).to.equal('offTopic');
    // "not nhsmail" after something else is still set aside for what follows
    expect(search.search('not nhsmail, our care planning software keeps logging me out').kind).to.equal('offTopic');
  });

  it('answers how not to misdirect mail sent to the wrong person, whatever it calls the mail (B111)', () => {
    expect(answeredBy("One of our carers accidentally sent a resident's care plan to the wrong social worker last week. How can we stop that happening again?")).to.equal('safe-sending');
    // (a social worker named otherwise is still no NHSmail matter)
    expect(search.search('how many social workers does the council have').kind).to.equal('offTopic');
  });

  it('reads NHSmail said to fail as the question, not as NHSmail said to work', () => {
    expect(answeredBy("if we change a staff member's surname on nhs.net does her old email address stop working? the GP still sends to the old one")).to.equal('name-change');
    // said to work, it is still set aside
    expect(search.search('my nhsmail is fine, its my personal gmail that wont let me in').kind).to.equal('offTopic');
  });

  it('offers the commonest troubles for NHSmail said only to fail, rather than whatever entry its few words cover', () => {
    for (const q of ['nhsmail not working', 'my nhs mail isnt working help', 'my nhsmail is not working, what do i do', 'nhs.net has stopped working', 'problem with my email']) {
      const outcome = search.search(q);
      expect(outcome.kind, q).to.equal('unsure');
      expect(outcome.kind === 'unsure' && outcome.candidates.map((h) => h.entry.id), q).to.deep.equal(['locked-out', 'mailbox-full', 'web-access']);
    }
    // what fails, named, is the question
    expect(answeredBy('my nhsmail password is not working')).to.equal('locked-out');
  });

  it('reads what something will cost, asked or reported, as asking the cost (B110)', () => {
    const cost = search.analyzer.analyze('is it free').intents;
    for (const q of ['The partners want to know what this will cost the practice.', 'what would it cost us', 'how much will it cost']) {
      expect(search.analyzer.analyze(q).intents, q).to.deep.equal(cost);
    }
    const outcome = search.search('The partners want to know what this will cost the practice.');
    const first = outcome.kind === 'answer' ? outcome.best : outcome.candidates[0];
    expect(first?.entry.id).to.equal('nhsmail-cost');
    // what more storage costs is still the mailbox's
    expect(answeredBy('will it cost us to add more storage')).to.equal('mailbox-size');
  });

  it('reads "the online registration" as NHSmail\'s, so a question about it is never refused as off the subject (B55, B60)', () => {
    for (const q of ['What information do I need to have ready before I start the online registration for our home?', 'Before I start the online registration for our home, what codes and other details should I have to hand?']) {
      expect(search.search(q).kind, q).to.equal('answer');
    }
  });

  it('refuses registering a resident with a dentist or GP, and another system\'s account named by its name (B59)', () => {
    expect(search.search('how do i get a resident registered with an nhs dentist, none near us are taking people on').kind).to.equal('offTopic');
    expect(search.search('our new client needs to be registered with a gp, how do we do that').kind).to.equal('offTopic');
    expect(search.analyzer.analyze('nourish says my account was deactivated').offTopic).to.deep.equal(['nourish']);
    // a dental practice registering for NHSmail is no resident registered
    expect(answeredBy('were an nhs dental practice, how do we register for nhsmail')).to.equal('dental-registration');
  });

  it('refuses a message that sets NHSmail aside in so many words (", not email,"), not one where email is what fails', () => {
    expect(search.search("I'm locked out of our care planning system, not email, after putting the wrong password in three times. How do I reset it?").kind).to.equal('offTopic');
    expect(search.search('outlook on the office pc keeps freezing when i open the calendar (our normal work outlook, not the nhsmail one)').kind).to.equal('offTopic');
    expect(search.search('how do i get our company 365 work email on my iphone mail app, its not nhs.net its our own domain').kind).to.equal('offTopic');
    // (asked, it is no setting aside)
    expect(search.search('is it not nhsmail that we need for the hospital').kind).to.not.equal('offTopic');
    expect(search.search('i can get into teams but not email').kind).to.not.equal('offTopic');
    expect(search.search('can i use gmail, not nhsmail?').kind).to.not.equal('offTopic');
  });

  it('reads another provider\'s mail named as someone else\'s as an address to send to, and sending sets markers aside only for a leader about the question', () => {
    // "her yahoo email" is the social worker's address, not the writer's own yahoo mail
    expect(answeredBy('social worker gave me her yahoo email, ok to send the assessment there')).to.equal('sending-to-non-secure');
    // emailing a payslip to the bank: the password entry led by chance, and "payslip" stays a marker
    expect(search.search('i need to email my payslip to the bank how').kind).to.equal('offTopic');
    // an email that went to someone was sent to them: who it went to is no topic of its own
    expect(answeredBy('an email from the home nearly went to the wrong social worker last week, how do we stop that')).to.equal('safe-sending');
    expect(search.search('the social worker went to the wrong house, who do i tell').kind).to.equal('offTopic');
  });

  it('reads sending to someone\'s address at another provider as sending to a non-secure address, whatever else the message names', () => {
    // ("lpa" is an off-topic marker; sending the records by email is the question; "to just email" is the verb)
    const q = "solicitor dealing with mr H's LPA wants copies of his MAR charts, they've only got a btinternet address. ok to just email them over?";
    expect(shown(search.search(q))[0]?.entry.id).to.equal('sending-to-non-secure');
  });

  it('reads a kind of email someone owns ("her personal email") and a provider someone uses as an address to send to; "a mail merge" stays refused', () => {
    // wording of our own, none from the labelled sets
    expect(shown(search.search('the district nurse wants the MAR chart emailed to her personal email, is that allowed'))[0]?.entry.id).to.equal('sending-to-non-secure');
    expect(answeredBy('can i send medication records to a private physio who uses outlook.com')).to.equal('sending-to-non-secure');
    expect(search.search('i need to send a letter to all the families. how do i do a mail merge in word').kind).to.equal('offTopic');
    expect(search.search('i emailed to ask about my payslip').kind).to.equal('offTopic');
  });

  it('reads addresses, plural, and someone without secure email as addresses outside secure email', () => {
    expect(answeredBy('can we send from nhs.net to normal email addresses like yahoo')).to.equal('sending-to-non-secure');
    expect(answeredBy('can i email care notes to a dom care agency that doesnt have secure email')).to.equal('sending-to-non-secure');
    // the writer's own organisation without it is why care providers are asked for secure email
    expect(answeredBy('hospital discharge delayed because we dont have secure email')).to.equal('hospital-discharge-secure-email');
    // an address said not to be NHSmail's
    expect(search.analyzer.analyze('the social workers address isnt nhs.net, can i email her').terms).to.include('nonsecur');
  });

  it('reads who is supposed to do the registration as asking who registers', () => {
    expect(search.analyzer.analyze('who in the pharmacy is supposed to do the registration').intents).to.deep.equal(['~whoregisters']);
    expect(answeredBy('who in the pharmacy is supposed to do the registration')).to.equal('pharmacy-users');
  });

  it('refuses a question about another provider\'s own mail, named by the provider and a word for its mail (the lexicon\'s otherMail)', () => {
    // wording of our own, none from the labelled sets
    for (const q of ['i deleted some hotmail emails by mistake', 'the icloud mailbox on my phone is full', 'aol says my password is wrong']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    // an address at such a provider, as a recipient, stays a question about sending from NHSmail
    for (const q of ['emailing a discharge letter to a daughters icloud address, is that ok', 'is a hotmail email address safe for care updates']) {
      expect(search.analyzer.analyze(q, { correct: true }).offTopic, q).to.deep.equal([]);
      expect(shown(search.search(q))[0]?.entry.id, q).to.equal('sending-to-non-secure');
    }
  });

  it('reads an off-topic word in the scene as context when what is asked names or points back to an NHSmail thing', () => {
    // the laptop and the visiting officer are the scene; the toolkit and the full mailbox are asked about
    expect(answeredBy('its just me and a laptop here. where can care providers get support to complete the dspt')).to.equal('dspt-help');
    const full = search.search('our shared inbox is full and nothing is coming in. how do we clear it? the local authority are visiting on monday');
    expect(full.kind).to.not.equal('offTopic');
    expect(shown(full)[0]?.entry.id).to.equal('mailbox-full');
    // ... but not when the thing pointed back to is named with the off-topic word, or the clause only says what is wrong
    expect(search.search('my laptop wont log in, how do i fix it').kind).to.equal('offTopic');
    expect(search.search('door entry code changed? cant get in the back').kind).to.equal('offTopic');
  });

  it('settles a long message it is unsure of by its one question, when that alone is sure and among the topics offered', () => {
    // the salesman's "secure email at ten pounds a head" pulled the accreditation entry level with the cost
    const q = "Is NHSmail free for a care home? Someone from a software company phoned us this morning selling secure email at ten pounds a head and said the NHS one costs more in the long run, so I'd like to know before we sign anything.";
    const out = search.search(q);
    expect(out.kind === 'answer' ? out.best.entry.id : out.kind).to.equal('nhsmail-cost');
    // ...and with no question mark, by the one clause that asks, after a scene of its own
    const unmarked = 'sorry if this is a daft one but whats the phone number and email for the nhsmail helpdesk, i want to put it on the staff notice board for when people get locked out and in the handbook, the number we wrote down years ago doesnt work anymore';
    const read = search.search(unmarked);
    expect(read.kind === 'answer' ? read.best.entry.id : read.kind).to.equal('helpdesk-contacts');
    // (read alone, such a clause must agree with the whole message's leader, or one level with it within the margin a
    // clear lead needs: what a caller must have ready is how the helpdesk checks who they are, the clause and the whole
    // message alike; the helpdesk's contacts until the twenty-first session, when the lexicon learned that "what will
    // they want from me" asks what proves who one is)
    const tied = 'what will they want from me when i phone the helpdesk, i dont want to get caught out';
    const level = search.search(tied);
    expect(level.kind === 'answer' ? level.best.entry.id : level.kind).to.equal('helpdesk-authentication');
    // a message asking a second question keeps its doubt too, and a definition is sure only when asked alone
    expect(search.search('what is an ods code? and can the flux capacitor ring me back').kind).to.equal('unsure');
    // the scene's other system keeps its doubt: a question naming nothing NHSmail is not read alone
    expect(search.search('I use the Capacity Tracker every week and I forgot my login for it. How do I get my access back? The ICB sent a reminder.').kind).to.equal('offTopic');
    // an off-topic word the question's naming NHSmail set aside leaves no doubt to keep ("inspection" is a marker)
    const planned = search.search('roughly how long does the nhsmail helpdesk take to get things done? trying to plan round our CQC inspection');
    expect(planned.kind === 'answer' ? planned.best.entry.id : planned.kind).to.equal('timescales');
  });

  it('reads "What is a Local Administrator in NHSmail?" as defining the administrator, and a thing named in full in the message as the one asked about', () => {
    expect(answeredBy("we've moved to self management and i've been asked to be our local administrator. what does a local administrator actually do?")).to.equal('local-administrator-role');
    expect(answeredBy("the nas form wants our cqc contact id and i've never heard of it. what is it, and where do i find it?")).to.equal('cqc-contact-id');
  });

  it('refuses another provider\'s own mail even when it speaks of sending, and a website\'s mail', () => {
    // "sending" by email named set the markers aside; the provider's own mail is not NHSmail's sending
    for (const q of ['my gmail keeps sending my replies to spam, how do i stop it', 'how do i change the email signature on my yahoo', 'the contact form on our website stopped sending us enquiries']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    // sending to such an address, or NHSmail's own, stays an NHSmail question
    expect(search.search('emails i send to gmail keep going to their spam').kind).to.not.equal('offTopic');
    expect(search.search('my nhsmail keeps sending emails to junk').kind).to.not.equal('offTopic');
  });

  it('reads the ways people say sign in, how soon, bigger and a misspelt manager as the words the entries use', () => {
    const FOUND: [string, string][] = [
      ['cant log into our team mailbox, how do i open it', 'shared-mailbox-access'],
      ['how soon does the helpdesk get back to us', 'timescales'],
      ['where does the home manger get the cqc contact id', 'cqc-contact-id'],
      ['can my mailbox be made larger', 'mailbox-size'],
      ['does the helpdesk work to an sla for name changes', 'timescales'],
      ['what is an ods code and where is ours', 'ods-code'],
      ['can we keep our care notes in nhsmail', 'not-for-records'],
      ['weve run out of accounts, can we have a few more', 'more-than-10-accounts'],
      ['registered manager has no contact id, what do we do', 'one-time-passcode'],
      ['whats the biggest my mailbox can be', 'mailbox-size'],
      // "b4" is before, and "dpst" the toolkit with two letters swapped
      ['is the dpst needed b4 we get nhs mail', 'dspt-requirement'],
      // being who you say you are is the helpdesk's identity check
      ['when i phone them how do they make sure i am who i say i am', 'helpdesk-authentication'],
    ];
    for (const [q, id] of FOUND) {
      const out = search.search(q);
      expect(out.kind === 'answer' ? out.best.entry.id : `${out.kind}: ${shown(out)[0]?.entry.id}`, q).to.equal(id);
    }
    // contractions of "has not" and the like are never words the knowledge base has never seen: "hasn't" reads as
    // "not" (something not done yet is part of the topic), the rest are filler
    expect(search.analyzer.analyze('hasnt finished and we werent told', { correct: true }).terms).to.deep.equal(['not', 'finish', 'told']);
    // (not signing in is not using the account: the lexicon's unused)
    expect(search.analyzer.analyze('hasnt signed in', { correct: true }).terms).to.deep.equal(search.analyzer.analyze('not used', { correct: true }).terms);
  });

  it('reads everyday words for calling, support, limits, a shared address and a dormant account as the entries\' words', () => {
    const SAME: [typed: string, asWritten: string][] = [
      ['who do i call about it', 'who do i phone about it'],
      ['tech support email', 'helpdesk email'],
      ['max number of accounts', 'limit of accounts'],
      ['our shared nhs.net address', 'our shared mailbox'],
      // ("inactive" keeps its own word: an inactive account is a stage of the timeline, not one switched off)
      ['my account went dormant', 'my account went deactivated'],
      ['emailing the families', 'emailing the relatives'],
      ['next of kin', 'relative'],
      ['send them the stuff securely', 'send them securely'],
      ['can i reset it myself', 'can i reset it yourself'],
      ['whats ours and whats theirs', 'whats it'],
      ['a couple more accounts', 'additional accounts'],
      ['keep care notes', 'keep records'],
      ['we dont have the contact id', 'we havent got the contact id'],
      ['the largest mailbox', 'a bigger mailbox'],
      ['account wiped', 'account deleted'],
      ['my inbox is nearly full', 'my mailbox is nearly full'],
      ['how do i get hold of the helpdesk', 'how do i contact the helpdesk'],
    ];
    const terms = (text: string) => search.analyzer.analyze(text, { correct: true }).terms;
    for (const [typed, written] of SAME) expect(terms(typed), typed).to.deep.equal(terms(written));
  });

  it('reads a mailbox that fills up or has no room left as full, while filling in a form stays a form', () => {
    const terms = (text: string) => search.analyzer.analyze(text, { correct: true }).terms;
    for (const [typed, written] of [
      ['it keeps filling up', 'it keeps full'],
      ['no room left in the team inbox', 'full in the team inbox'],
    ] as const) {
      expect(terms(typed), typed).to.deep.equal(terms(written));
    }
    const answered = (q: string) => {
      const out = search.search(q);
      return out.kind === 'answer' ? out.best.entry.id : out.kind;
    };
    expect(answered('my nhs.net inbox filled up overnight, what now')).to.equal('mailbox-full');
    expect(terms('who fills in the nas form')).to.not.include(terms('full')[0]);
  });

  it('reads "haven\'t" and "hasn\'t" as a negation that is part of the topic: not having done the toolkit is not what the toolkit is', () => {
    expect(search.analyzer.analyze('we havent finished the toolkit').terms).to.include('not');
    expect(search.analyzer.analyze('the carer hasnt finished the training').terms).to.include('not');
    // (as typed without its "e" too: "we havnt done the dspt")
    // (and the toolkit called a data security check list)
    for (const q of ['what if we havent done the dspt', 'our manager hasnt done the data security toolkit, what now', 'we havnt done the dspt can we still get nhs mail', 'we havent done the data security check list yet, can we still sign up for the nhs email in the mean time']) {
      expect(answeredBy(q), q).to.equal('dspt-not-done');
    }
    // can't and won't say what fails, which the rest of the question names; they are not read as "not"
    expect(search.analyzer.analyze('i cant log in').terms).to.not.include('not');
  });

  it('refuses asking for a local service\'s number and questions about care planning software or registering residents', () => {
    for (const q of ['whats the number for the local gp surgery', 'how do i add a new resident to the care planning software', 'how do i register a new resident with the local gp']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    expect(answeredBy('whats the number for the nhsmail helpdesk')).to.equal('helpdesk-contacts');
  });

  it('reads users counted or added as accounts, and service users as the people cared for', () => {
    expect(answeredBy('we requested 3 extra users on top of our ten, how long till there ready')).to.equal('more-than-10-accounts');
    expect(search.analyzer.analyze('can service users email us').terms).to.not.include('account');
  });

  it('refuses questions about leave entitlement and other NHS record systems, while NHSmail questions that mention leave are answered', () => {
    expect(search.search('how many days holiday do i get a year').kind).to.equal('offTopic');
    expect(search.search('how do i access the gp summary care record').kind).to.equal('offTopic');
    expect(answeredBy('back from annual leave and locked out of nhsmail')).to.equal('locked-out');
  });

  it('reads where the asker is as context in a question about NHSmail, even inside the question asked, but not when it is all there is', () => {
    // the places come from eligibility.yaml (the loader adds them to the lexicon)
    expect(kb.lexicon.places).to.include.members(['manchester', 'cardiff', 'wales']);
    for (const q of ["we're a dental practice in manchester how do we register", "we're a dental practice in wales how do we register"]) {
      const out = search.search(q);
      expect(out.kind === 'answer' && out.best.entry.id, q).to.equal('dental-registration');
    }
    const withoutPlaces = new KnowledgeSearch(kb.entries, { ...kb.lexicon, places: [] });
    // without them, "wales" is a word of the asker's own that the entry does not cover
    const coverage = (out: SearchOutcome) => (out.kind === 'answer' ? out.best.coverage : (out.candidates[0]?.coverage ?? 0));
    const q = "we're a dental practice in wales how do we register";
    expect(coverage(withoutPlaces.search(q)), 'without the places').to.be.below(coverage(search.search(q)));
    // an entry about the place is still credited for it, and a place alone is not read as some other topic
    expect(answeredBy('care home in glasgow wants nhsmail')).to.equal('scotland');
    expect(search.search("we're not in wales").kind).to.not.equal('answer');
  });

  it('corrects a slip that one example wording typed ("registraton"), as if the knowledge base had never seen it, but not a rare real word', () => {
    const analyzer = new TextAnalyzer(kb.lexicon);
    for (const text of ['online registration', 'registration form', 'registration portal', 'just did the online registraton', 'a mental health trust']) analyzer.learn(text);
    expect(analyzer.analyze('online registraton', { correct: true }).terms).to.deep.equal(analyzer.analyze('online registration').terms);
    // "mental" is English, so one use of it is a word, not a slip for "dental"
    analyzer.learn('dental practice');
    analyzer.learn('dental surgery');
    expect(analyzer.analyze('mental health', { correct: true }).terms).to.include('mental');
  });

  it('reads a word typed with its final "g" dropped ("goin", "waitin") as that word, not the nearest known one', () => {
    const analyzer = new TextAnalyzer(kb.lexicon);
    analyzer.learn('join nhsmail');
    analyzer.learn('how to join');
    expect(analyzer.analyze('hows ur day goin', { correct: true }).words).to.include('going').and.not.include('join');
    expect(analyzer.analyze('still waitin for logins', { correct: true }).words).to.include('waiting');
    // (and the chit-chat stays off the subject, as typed in full)
    expect(search.search('hiya hows ur day goin').kind).to.not.equal('answer');
  });

  it('reads a slip of one letter from a common small word as that word ("realy" is "really", "thier" "their"), not as a topic word', () => {
    const words = (text: string) => search.analyzer.analyze(text, { correct: true }).words;
    expect(words('its realy me')).to.include('really').and.not.include('ready');
    expect(words('thier accounts')).to.include('their');
    expect(answeredBy('how do the helpdesk kno its realy me wen i ring')).to.equal('helpdesk-authentication');
    // (and "it's really you", asked of the reader: a near tie with resetting a password yourself until then)
    expect(answeredBy("Does someone ring you to check it's really you when your password gets reset?")).to.equal('helpdesk-authentication');
    // (a slip in a topic word is still put right as before)
    expect(words('accont locked')).to.include('account');
  });

  it('reads a question again after more is learned: what it learns since shows in the next reading', () => {
    const analyzer = new TextAnalyzer(kb.lexicon);
    analyzer.learn('registration portal');
    const terms = (text: string) => analyzer.analyze(text).terms;
    expect(analyzer.analyze('the regstration portal', { correct: true }).terms, 'one use teaches the word').to.deep.equal(terms('the registration portal'));
    const before = analyzer.analyze('our smartcrd renewal', { correct: true }).terms;
    expect(before, 'not yet known').to.not.deep.equal(terms('our smartcard renewal'));
    analyzer.learn('smartcard renewal');
    analyzer.learn('smartcard reader');
    expect(analyzer.analyze('our smartcrd renewal', { correct: true }).terms, 'learned after the first reading').to.deep.equal(terms('our smartcard renewal'));
  });

  it('reads a contraction with its apostrophe gone ("that\'ll" -> thatll) as the stop words it stands for, not as an unknown word', () => {
    const terms = (text: string) => search.analyzer.analyze(text, { correct: true }).terms;
    expect(terms("any idea how long that'll take")).to.deep.equal(terms('any idea how long that will take'));
    expect(terms("it'd be good to know when they're ready")).to.deep.equal(terms('it would be good to know when they are ready'));
    // a word that only looks like one keeps its meaning: "id" is no "i'd"
    expect(terms('where is our cqc id')).to.include('id');
  });

  it('does not refuse a question about sending something by NHSmail because of what is sent (a wound photo, medication changes)', () => {
    for (const q of [
      'can i send a photo of a pressure sore to the tissue viability nurse by nhs.net email',
      'is it ok to send medication changes to the pharmacy securely from nhsmail',
    ]) {
      expect(search.search(q).kind, q).to.not.equal('offTopic');
    }
    // the same words without sending or NHSmail are still off the subject
    expect(search.search('how do i dress a pressure sore').kind).to.equal('offTopic');
    expect(search.search('what medication changes need a gp review').kind).to.equal('offTopic');
  });

  it('refuses a question naming nothing NHSmail whose words the best entry has only as context in its example wordings', () => {
    // "locked out of nhs.net on night shift" is a lockout question; a night shift is not what it is about
    for (const q of ['how many carers should we have on nights and weekends', 'what staffing do we need for a night shift']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    // short questions whose words are the entry's topic are still answered
    expect(answeredBy('can i read it on my phone')).to.equal('web-access');
    expect(answeredBy('is it free')).to.equal('nhsmail-cost');
  });

  it('keeps the words of an off-topic phrase that names an NHSmail thing: sending to a gmail account is a question about NHSmail', () => {
    const q = "can i email a resident's details to a gmail account";
    expect(search.analyzer.analyze(q, { correct: true }).offTopic).to.deep.equal(['gmail account']);
    const out = search.search(q);
    expect(out.kind === 'answer' ? out.best.entry.id : out.kind).to.equal('sending-to-non-secure');
  });

  it('takes a phrase among the anchor words as a whole: "self management" anchors a question, "manager" alone does not', () => {
    expect(search.mentionsAnchor('we are thinking about self management')).to.equal(true);
    expect(search.mentionsAnchor('the self service reset page')).to.equal(true);
    expect(search.mentionsAnchor('our manager wants to know about the rota')).to.equal(false);
    expect(search.mentionsAnchor('which items were deleted from the fridge')).to.equal(false);
  });

  it('refuses a question about the NHS App, which is not NHSmail', () => {
    const q = 'having trouble logging into the nhs app on my phone';
    expect(search.analyzer.analyze(q, { correct: true }).offTopic).to.deep.equal(['nhs app']);
    expect(search.search(q).kind).to.not.equal('answer');
  });

  it('is unsure about a query of numbers alone rather than answering it', () => {
    for (const text of ['1', '2', '3', '10', '2024']) expect(search.search(text).kind, text).to.not.equal('answer');
  });

  it('offers choices for one vague word rather than the first of many equal hits', () => {
    for (const text of ['account', 'registration']) expect(search.search(text).kind, text).to.equal('unsure');
  });

  it('ignores contact details in a question (an email, a phone number) when ranking', () => {
    const CONTACT: [string, string][] = [
      ['im locked out of my account, my email is jane.smith@nhs.net', 'locked-out'],
      ['what is an ods code? reply to jane.smith@nhs.net or 07700 900123', 'ods-code'],
      ["how do i change my surname after getting married, I'm on 07700 900123", 'name-change'],
    ];
    for (const [question, entryId] of CONTACT) {
      const out = search.search(question);
      expect(out.kind === 'answer' && out.best.entry.id, question).to.equal(entryId);
    }
  });

  // Floors a little under the figures measured when each was set (npm run bench:kb prints them):
  // dev set 280/308 = 90.9% ranked first, 58/62 = 93.5% refused;
  // validation set (held back from tuning) 129/143 = 90.2% ranked first, 29/32 = 90.6% refused.
  // Refusal floors raised when questions naming nothing NHSmail were refused on weak matches: 59/62 and 31/32.
  const floors: [name: string, set: DevSet, rankedFirst: number, refused: number][] = [
    ['dev set', loadDevSet(), 0.85, 0.93],
    ['validation set', loadValidationSet(), 0.88, 0.9],
  ];
  for (const [name, set, rankedFirst, refusedFloor] of floors) {
    describe(`does not fall below its measured accuracy on the ${name}`, () => {
      it(`ranks the expected entry first for at least ${rankedFirst * 100}% of on-topic questions`, () => {
        const misses = set.onTopic.filter(({ q, expect: id }) => shown(search.search(q))[0]?.entry.id !== id);
        const accuracy = 1 - misses.length / set.onTopic.length;
        // a validation set's questions are never printed: seeing them would invite tuning to them
        const examples = name === 'dev set' ? `, e.g. ${misses.slice(0, 5).map((m) => m.q).join(' | ')}` : '';
        expect(accuracy, `${misses.length} misses${examples}`).to.be.at.least(rankedFirst);
      });

      it(`refuses at least ${refusedFloor * 100}% of off-topic questions`, () => {
        const leaks = set.offTopic.filter(({ q }) => search.search(q).kind === 'answer');
        const refused = 1 - leaks.length / set.offTopic.length;
        const examples = name === 'dev set' ? `: ${leaks.map((l) => l.q).join(' | ')}` : '';
        expect(refused, `${leaks.length} answered${examples}`).to.be.at.least(refusedFloor);
      });
    });
  }

  describe('never throws on junk input', () => {
    for (const [name, text] of JUNK) {
      it(name, () => {
        const out = search.search(text);
        expect(out.kind).to.be.oneOf(['answer', 'unsure', 'offTopic']);
        for (const hit of shown(out)) expect(kb.byId.has(hit.entry.id)).to.equal(true);
      });
    }
  });

  it('gives the same outcome for the same question every time', () => {
    const first = search.search('im lockd out of my acount');
    const again = search.search('im lockd out of my acount');
    expect(shown(again).map((h) => h.entry.id)).to.deep.equal(shown(first).map((h) => h.entry.id));
  });

  it('gives a remembered question the outcome an uncached search gives, for exact and reworded repeats', () => {
    const cached = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 3);
    const uncached = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0);
    const asked = ['im lockd out of my acount', 'IM LOCKD OUT of my acount!', 'what is an ods code', 'im lockd out of my acount', 'what is the weather'];
    for (const q of [...asked, ...asked]) {
      expect(shown(cached.search(q)).map((h) => h.entry.id), q).to.deep.equal(shown(uncached.search(q)).map((h) => h.entry.id));
      expect(cached.search(q).kind, q).to.equal(uncached.search(q).kind);
    }
  });
});

describe('KnowledgeSearch refuses other systems, other bodies and records law, unless NHSmail itself is named', () => {
  // wording of our own, none from the labelled sets
  const refused = [
    'systmone keeps locking my account',
    'my password for the esr portal has expired',
    'how do we tell the local authority a resident has moved',
    'how do we update our address with cqc',
    'how long do we have to keep daily notes for',
    // other systems' logins, portals and ordering sites, though they name an account, a password or a login
    'cant get into the training portal to do my fire safety course',
    'whats my password for the elearning',
    'who sets up accounts on the uniform ordering site',
    // (the skills body's workforce data set, and fire drills: blind set B100)
    'locked out of the ASC-WDS account for our home after the old manager left. who unlocks that',
    'manager wants to know how often we need to do a fire drill for night staff. whats the rule on that',
    // other bodies' staff, and getting ready for a CQC inspection
    'could you give me our social workers email address',
    'how do we get the staff ready for cqc next week',
    // NHSmail named only in the scene: the question asks about the other thing
    'we get all our referrals through nhsmail now, but how do i get the rota app working on my new phone',
    'whats the minimum notice i have to give for annual leave? manager emails the rota from her nhsmail',
  ];
  for (const q of refused) it(`refuses ${JSON.stringify(q)}`, () => expect(search.search(q).kind).to.equal('offTopic'));
  const answered: [string, string][] = [
    ['forgot my nhsmail password, my emis one is fine', 'locked-out'],
    ['cant sign in to nhsmail on my work laptop, forgot password', 'locked-out'],
    ['i have left the council, what happens to my nhs.net account', 'leaver'],
    ['our social worker is not on nhs.net, can i still send her a residents notes securely', 'sending-to-non-secure'],
  ];
  // ...and a device NHSmail is used on, with the NHSmail thing pointed back at, is where, not another topic
  it('does not refuse "the shared mailbox wont sync, how do i fix it on my laptop"', () => expect(search.search('the shared mailbox wont sync, how do i fix it on my laptop').kind).to.not.equal('offTopic'));
  // keeping records is records law; keeping emails is a question about the mailbox, and is not refused (no entry says
  // how long emails are kept, so which entry answers is the ranking's business, not the markers')
  it('does not refuse "how long do we keep emails in the mailbox"', () => expect(search.search('how long do we keep emails in the mailbox').kind).to.equal('answer'));
  for (const [q, id] of answered) {
    it(`answers ${JSON.stringify(q)}`, () => {
      const got = search.search(q);
      expect(got.kind === 'answer' ? got.best.entry.id : got.kind).to.equal(id);
    });
  }
});

describe('KnowledgeSearch: what a question asks (the lexicon\'s intents)', () => {
  const cases: [question: string, entryId: string][] = [
    // "can a ... get" is eligibility, though "can" and "get" are stop words; the routes entry only shares the words
    ['can a residential home get nhs.net', 'care-provider-eligibility'],
    ['can a domiciliary agency have nhs mail accounts', 'care-provider-eligibility'],
    // ... and so is "can care homes ...", with no article
    ['can residential homes have nhsmail', 'care-provider-eligibility'],
    ['can hospices get nhs mail accounts', 'care-provider-eligibility'],
  ];
  for (const [q, id] of cases) {
    it(`"${q}" -> ${id}`, () => {
      const got = search.search(q);
      expect(got.kind === 'answer' ? got.best.entry.id : got.kind).to.equal(id);
    });
  }

  // The house rule for "how long": the thing's own entry when it states its time, the timescales entry when it does not
  // (name changes, signing up through NAS, a helpdesk password reset) or when the question names no thing.
  const howLong: [question: string, entryId: string][] = [
    ['once someone is marked a leaver how many days until their account is gone', 'leaver'],
    ['how quickly will the helpdesk set up the 3 extra accounts we asked for', 'more-than-10-accounts'],
    ['how long is a deleted nhs.net account restorable', 'restore-deleted-account'],
    ['how soon does the helpdesk sort out a change of surname', 'timescales'],
    ['how many weeks will nas take with our application', 'timescales'],
    // a wait complained of asks how long too ("taking so long", "still waiting", "heard nothing")
    ['we want nhsmail, why is it taking so long', 'timescales'],
    ['registered for nhsmail and heard nothing', 'timescales'],
    ['how long will it take', 'timescales'],
    // a light verb ("get") names no other thing beside the one asked about; a thing the general entry's examples name
    // too (a name change) is still another
    ['how many days before an unused account gets deleted', 'account-lifecycle'],
    ['put in for a surname change and a couple more accounts on monday, is there a set time for how long these take', 'timescales'],
  ];
  for (const [q, id] of howLong) {
    it(`how long: "${q}" -> ${id} first`, () => {
      // the intent decides the ranking; whether the leader is clear enough to answer is the thresholds' business
      expect(shown(search.search(q))[0]?.entry.id).to.equal(id);
    });
  }

  it('puts the general entry first when the thing asked about has an entry that states no time, and the own entry when it does', () => {
    const general = kb.byId.get('timescales');
    expect(kb.lexicon.intents.howlong?.general).to.equal('timescales');
    expect(general).to.not.equal(undefined);
    // without the lexicon's general entry, the name-change entry (which states no time) is ranked first
    const { howlong, ...rest } = kb.lexicon.intents;
    const plain = new KnowledgeSearch(kb.entries, { ...kb.lexicon, intents: { ...rest, howlong: { ...howlong!, general: undefined } } }, undefined, undefined, 0);
    const q = 'my surname changed, how quickly will the helpdesk update it';
    expect(shown(plain.search(q))[0]?.entry.id).to.equal('name-change');
    expect(shown(search.search(q))[0]?.entry.id).to.equal('timescales');
  });

  it('reads "will it be deleted" as asking what is going to happen (the fate intent), not how to get a deleted account back', () => {
    expect(search.analyzer.analyze('will my account be deleted if i dont log in').intents).to.deep.equal(['~fate']);
    // a deletion that has happened asks nothing this way
    expect(search.analyzer.analyze('my account got deleted, can it be restored').intents).to.deep.equal([]);
    expect(answeredBy('will my account be deleted if I dont log in')).to.equal('account-lifecycle');
    expect(answeredBy('will her nhsmail be deleted when she leaves')).to.equal('leaver');
    expect(answeredBy('can a deleted account be restored')).to.equal('restore-deleted-account');
    expect(answeredBy('do disabled accounts get deleted straight away')).to.equal('disabled-account-retention');
  });

  it('answers how often the toolkit is done with renewing it every year', () => {
    expect(answeredBy('how often do we need to fill in the data security toolkit')).to.equal('dspt-renewal');
    expect(answeredBy('what is the dspt')).to.equal('dspt-what-is');
  });

  it('reads "how will we hear back" as asking what happens after registering, and "how long until we hear back" as how long', () => {
    expect(answeredBy('we sent the nas form off, how do we hear back')).to.equal('after-registering');
    expect(search.analyzer.analyze('we sent the nas form off, how do we hear back').intents).to.deep.equal([]);
    expect(search.analyzer.analyze('how long until we hear back').intents).to.deep.equal(['~howlong']);
  });

  it('reads a typical wait and "how long til" as how long, and opening hours as no time a request takes', () => {
    expect(shown(search.search('whats the typical wait after applying for nhsmail'))[0]?.entry.id).to.equal('timescales');
    // the helpdesk entry's details say the guidance gives no opening hours: that states no time
    expect(shown(search.search('i emailed the helpdesk yesterday, how long til they get back to me'))[0]?.entry.id).to.equal('timescales');
  });

  it('says a follow-up asks what an entry\'s short answer states only when it names nothing the entry does not', () => {
    // the leaver's short answer gives its 30 days; "till" and "usually" are no entry's topic
    expect(search.statesAsked('how long till its deleted', 'leaver')).to.equal(true);
    expect(search.statesAsked('how long does that usually take', 'more-than-10-accounts')).to.equal(true);
    // a name change is another thing, with its own entry
    expect(search.statesAsked('how long does a name change take', 'leaver')).to.equal(false);
    // nothing asked that the answer states
    expect(search.statesAsked('who do i email', 'leaver')).to.equal(false);
    // the GP locum details mention "the last 12 months" of e-learning; the short answer gives no time
    expect(search.statesAsked('how long until i can use it', 'gp-locum-registration')).to.equal(false);
  });

  it('gives a question the pseudo-term of each intent it asks, and an answer that states a time the how-long one', () => {
    const analyzer = new TextAnalyzer({ ...kb.lexicon, intents: { howlong: { asks: ['how soon', 'how long'], answeredBy: ['days'], exempts: [] } } });
    expect(analyzer.analyze('how soon will my account be ready').intents).to.deep.equal(['~howlong']);
    expect(analyzer.analyze('how are accounts set up').intents).to.deep.equal([]);
    expect(analyzer.statedIntents('It is deleted 30 days later.')).to.deep.equal(['~howlong']);
    expect(analyzer.statedIntents('Email the helpdesk.')).to.deep.equal([]);
  });
});

describe("KnowledgeSearch: who and when (the lexicon's whoOrWhen) say nothing about the topic of a statement", () => {

  it('answers a statement about a colleague named by their role, with a time, as the situation it states', () => {
    expect(answeredBy('our chef is leaving next week')).to.equal('leaver');
    expect(answeredBy('the deputy resigned on monday')).to.equal('leaver');
    expect(answeredBy('one of our care workers got married in august and changed her surname')).to.equal('name-change');
  });

  it('reads who and when in the statement before a question as the statement\'s, not the question\'s', () => {
    // only the asking clause ("what do we do") asks; the colleague and the time are what it is about
    expect(answeredBy('the deputy is leaving at the end of the month, what do we do')).to.equal('leaver');
    expect(answeredBy('our chef is leaving on friday, what happens to his email')).to.equal('leaver');
    // a registered manager introducing themselves is who writes, not registering; asked about, the role is the topic
    expect(answeredBy('registered manager home care, whats the phone number for the nhsmail helpdesk')).to.equal('helpdesk-contacts');
    expect(answeredBy('registered manager, one of our team leaders leaves on friday, what do i need to do about her nhsmail')).to.equal('leaver');
    expect(answeredBy("where do i find the registered manager's id")).to.equal('cqc-contact-id');
  });

  it('still refuses questions about a colleague that ask nothing NHSmail does', () => {
    // a question asks about the colleague: there who and when keep their weight ("time" alone would cover an entry)
    for (const q of ['what time is the chef in tomorrow', 'what time is our housekeeper in on monday', 'can the deputy cover a night shift next week']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
  });

  it('takes ways of saying someone is going (their last shift, their notice handed in, finishing with us) as a leaver', () => {
    expect(answeredBy('our receptionist is finishing with us on thursday')).to.equal('leaver');
    expect(answeredBy('the chef handed in his notice, his last shift is saturday')).to.equal('leaver');
  });

  it('leaves who-or-when words as typed rather than correcting them to a knowledge-base word (december is not remember)', () => {
    expect(search.analyzer.analyze('she retires in december', { correct: true }).words).to.include('december');
  });

  it('reads a who-or-when term only from its whole phrase, and not when the message also uses it otherwise', () => {
    const analyzer = new TextAnalyzer(kb.lexicon);
    const one = analyzer.analyze('one').terms[0] as string;
    const nurse = analyzer.analyze('nurse').terms[0] as string;
    expect(analyzer.analyze('one of our nurses is leaving on friday').whoOrWhen).to.include.members([one, nurse]);
    expect(analyzer.analyze('one of our nurses is leaving on friday').whoOrWhen).not.to.include(analyzer.analyze('leaving').terms[0]);
    // "one" says who only in "one of our"; here it is how many accounts
    expect(analyzer.analyze('one of our nurses has only one account').whoOrWhen).to.deep.equal([nurse]);
  });
});

describe('KnowledgeSearch: chit-chat, sums and requests for someone\'s address are refused; in-scope wordings are not', () => {
  // wording of our own, none from the labelled sets

  it('refuses a question with an off-topic marker that names nothing NHSmail, however well an entry covers it', () => {
    // "plus" is in more-than-10's keywords ("10 plus"), "time" in new-account-activation's: fully covered, still chit-chat
    for (const q of ['what is 7 plus 3', 'hiya what time is it', 'whats todays date']) expect(search.search(q).kind, q).to.equal('offTopic');
  });

  it('tells whether every word of a question is one the knowledge base uses', () => {
    for (const q of ['how long till we hear back', 'will my old address still work']) expect(search.usesKnownWords(q), q).to.equal(true);
    for (const q of ['how long do you boil an egg for', 'how do i make a cup of tea', 'how long']) expect(search.usesKnownWords(q), q).to.equal(false);
  });

  it('reads a sum\'s operator as a marker only between two numbers, so "plus" can still join two matters', () => {
    for (const q of ['whats 2 plus 2', 'what is two plus two', 'whats 12 times 8', "what's 3.5 minus 1", 'what is 100 divided by 4']) {
      const outcome = search.search(q);
      expect(outcome.kind, q).to.equal('offTopic');
    }
    for (const q of ['forgot my pw n cant get in plus my mailbox says its full', 'we need 10 plus accounts at our home']) {
      const outcome = search.search(q);
      expect(outcome.kind === 'offTopic' ? outcome.markers : [], q).to.deep.equal([]);
    }
  });

  it('refuses a request for someone\'s address, even one naming NHSmail, since no entry is a directory', () => {
    for (const q of ['whats the nhs.net address for the podiatry team', 'can i have the email address of the local hospice', 'where do i find the email for the speech therapy team']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
  });

  it('reads an address asked of the writer ("an nhs.net address for us") as no request for someone else\'s', () => {
    expect(search.analyzer.analyze('they want an nhs.net address for us').lookup.phrases).to.deep.equal([]);
    expect(answeredBy('the hospital says they need an nhs.net address for us before they send discharge notes, why is that')).to.equal('hospital-discharge-secure-email');
  });

  it('reads the writer\'s own address, and an address for a kind of query, as no directory request', () => {
    // "my nhs.net email for a few weeks" is the writer's own mailbox
    expect(answeredBy('if i dont use my nhs.net email for a few weeks will it stop working')).to.equal('inactivity');
    // ...and its words are read as words, not set aside as a lookup's
    const own = search.analyzer.analyze('if i dont use my nhs.net email for a few weeks');
    expect(own.lookup).to.deep.equal({ phrases: [], terms: [] });
    // an address for pharmacy queries is the pharmacy team's, which an entry gives
    expect(answeredBy('is there a specific email address for pharmacy nhsmail queries')).to.equal('pharmacy-contact');
    // someone's address stays a lookup
    expect(search.search('whats the email address for the district nurses').kind).to.equal('offTopic');
  });

  it('reads a code shaped as a care site\'s ODS code (V12345), and one described as starting with a V, as the ODS code', () => {
    expect(answeredBy("we've done the dspt and have the cqc ids, but the form now wants a code like V54321. what's that")).to.equal('ods-code');
    expect(answeredBy('the portal wants a code that starts with a V, where do i find ours')).to.equal('ods-code');
  });

  it('reads "that" as pointing at a thing whose name holds "and" ("the data security and protection bit")', () => {
    expect(answeredBy('manager says we need the data security and protection bit done before nhs mail, what even is that')).to.equal('dspt-what-is');
    expect(answeredBy('the ICB want us to do the "data security and protection" thing first. what is that')).to.equal('dspt-what-is');
  });

  it('reads "what is that on nhsmail" as asking what the thing named before is, NHSmail being only where it is', () => {
    // (blind set B107: the definition of NHSmail itself had been drawn)
    expect(answeredBy('the helpdesk mentioned a local administrator, what is that on nhsmail')).to.equal('local-administrator-role');
    // NHSmail asked about in so many words is still what is asked
    const asked = search.search("Student nurse here. My mentor told me to keep an eye on the NHSmail inbox but I don't know what NHSmail is or who it's for, can you explain?");
    expect(asked.kind === 'answer' ? asked.best.entry.id : asked.candidates[0]?.entry.id).to.equal('what-is-nhsmail');
  });

  it('reads another system\'s thing that an NHSmail thing is asked to be "the same as", further back, as what it is likened to', () => {
    expect(answeredBy('the form asks for cqc location id, is that the same as our registration number on the CQC portal')).to.equal('cqc-location-id');
    expect(search.search('how do i reset my cqc portal password').kind).to.equal('offTopic');
  });

  it('refuses leave, the Spine and the toolkit\'s own roles as off the subject, and still reads NHSmail asked beside them', () => {
    for (const q of ['how many days compassionate leave can staff have', 'how do i update a patients nominated pharmacy on the spine', 'who should be our siro for the toolkit']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    // (the broadband named with NHSmail is no refusal)
    expect(search.search('does nhsmail work if our broadband is down').kind).to.not.equal('offTopic');
  });

  it('reads an address called by the home\'s or the practice\'s name as the shared mailbox', () => {
    expect(answeredBy("alongside my own login i was given another address that's just the name of the care home, what is it for")).to.equal('shared-mailbox');
    expect(answeredBy('how is my own nhs.net different from the practice one we all read')).to.equal('shared-mailbox');
  });

  it('reads "what its for" as asking what a thing is for, as "what is it for" is', () => {
    expect(answeredBy('the owner wants us on nhs mail but i dont get what its for, we already have our own email')).to.equal('what-is-nhsmail');
  });

  it('reads "logins" counted as accounts ("how many logins do we get")', () => {
    expect(answeredBy('how many logins do we get')).to.equal('account-allowance');
  });

  it('reads "what is it for" after a scene as asking what the thing named before is for', () => {
    // (the leaver in the scene had put the leavers' entry, or the lost shared mailbox's, first)
    expect(answeredBy('our last manager sorted everything before she left and ive been handed something called the shared mailbox. what is it for')).to.equal('shared-mailbox');
    expect(answeredBy('the previous manager set things up before leaving and i have now inherited a shared mailbox. what is it for')).to.equal('shared-mailbox');
  });

  it('keeps what is already done when the question asks whether something is still needed ("ive already got an nhsmail account, do i still...")', () => {
    expect(answeredBy('ive already got an nhsmail account, do i still need to sign up on the registration portal')).to.equal('existing-account-holders');
    // what is done, with no "still", is set aside as before
    expect(search.withoutSetAside('ive already registered, what happens next')).to.not.include('registered');
  });

  it('reads "another option besides" and "something other than" as asking for an alternative', () => {
    expect(answeredBy('is there another option besides nhsmail?')).to.equal('secure-email-accreditation');
    expect(answeredBy('can we use something other than nhs.net, our staff have company addresses already')).to.equal('secure-email-accreditation');
  });

  it('reads an address for each of several ("an nhsmail address for each of our 3 shops") as how many, not whose', () => {
    expect(search.analyzer.analyze('a separate nhsmail address for each of our shops').lookup.phrases).to.deep.equal([]);
    expect(search.search('do we get a separate nhsmail address for each of our 3 shops or just one for the company').kind).to.equal('answer');
  });

  it('reads time on annual leave, and day and night shifts, as when, not as an HR question ("so she can read my emails while im on annual leave")', () => {
    expect(answeredBy('can i give my login to the practice manager so she can read my emails while im on annual leave')).to.equal('never-share-password');
    // annual leave asked about stays off the subject
    expect(search.search('how many days annual leave do we get').kind).to.equal('offTopic');
    // ...and so for shifts: "between day and night shift" says when one login would be shared, a swap asks the rota
    expect(answeredBy('can the carers share one login between day and night shifts, is that ok')).to.equal('never-share-password');
    expect(search.search('how do i swap my night shift').kind).to.equal('offTopic');
  });

  it('reads an account turned off or shut off as deactivated', () => {
    const deactivated = search.analyzer.analyze('deactivated').terms[0];
    for (const q of ['my account got turned off', 'it was shut off', 'will my account be turnd off']) expect(search.analyzer.analyze(q).terms, q).to.include(deactivated);
    expect(answeredBy('how long can i go without logging in before my nhs mail gets switched off')).to.equal('inactivity');
  });

  it('reads a password refused at sign-in as a lockout, not the rule about sharing passwords', () => {
    expect(search.analyzer.analyze('my nhs.net password wont work').terms).to.include(search.analyzer.analyze('locked out').terms[0]);
    expect(answeredBy('the login page says incorrect password and i need to get in for handover')).to.equal('locked-out');
    expect(answeredBy('can i share my password with the night senior')).to.equal('never-share-password');
  });

  it('answers a lost phone and no sign-in code with MFA, and using NHSmail on a phone with where it works', () => {
    expect(answeredBy('my phone was stolen and now i cant get the code to sign in to nhs mail')).to.equal('mfa');
    expect(answeredBy('can i use nhsmail on my phone')).to.equal('web-access');
  });

  it('reads "no idea what that is" after a form asking for a thing as asking what the thing is', () => {
    expect(answeredBy('the registration form keeps asking for our ODS code, no idea what that is')).to.equal('ods-code');
  });

  it('reads "sorted" as filler: "how long do things take to get sorted" asks how long things take', () => {
    expect(answeredBy('roughly how long do things take to get sorted with nhs mail')).to.equal('timescales');
  });

  it('reads an address named in the scene, not asked for, as no directory request', () => {
    const q = 'we were given an address for the home when we signed up. not sure what that mailbox is for, can you explain';
    expect(search.search(q).kind).to.not.equal('offTopic');
    // asked for, it still is one
    expect(search.search('can you tell me the email address for the local hospice').kind).to.equal('offTopic');
  });

  it('still answers a request for an address an entry gives (the helpdesk\'s)', () => {
    expect(answeredBy('whats the email address for the helpdesk')).to.equal('helpdesk-contacts');
    // ...whatever else the message goes on to say, and a place's own address asked after is no one's to look up
    expect(search.analyzer.analyze('whats the email address for the helpdesk? need to report a leaver').lookup.phrases).to.deep.equal([]);
    expect(search.search('whats the email address for the helpdesk? need to report a leaver and cant find it anywhere').kind).to.equal('answer');
    expect(answeredBy('does the chemist shop get its own general email address for the branch, not just for one person')).to.equal('pharmacy-shared-mailbox');
  });

  it('reads the words of an address request as no topic: they anchor nothing', () => {
    expect(search.analyzer.analyze('email address of the hospice').lookup.phrases).to.include('email address of');
    // "email" alone anchors a question; as part of asking for an address it does not, so "hospice" alone is judged
    expect(search.mentionsAnchor('email address of the hospice')).to.equal(true);
    expect(search.search('email address of the hospice').kind).to.equal('offTopic');
  });

  it('refuses a patient registering with a dentist or GP and a pharmacy\'s opening times: those words mean something else there', () => {
    // "dentist" and "pharmacy" anchor a question about NHSmail; in these phrases they do not
    for (const q of ['how do i register with a dentist', 'i want to register with a new gp', 'what time does the pharmacy open', 'whats the opening time for the local pharmacy', 'is the pharmacy open on sundays', 'can i book a gp appointment']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    expect(answeredBy('how do dentists register for nhsmail')).to.equal('dental-registration');
    expect(answeredBy('we are a gp practice how do we register')).to.equal('gp-locum-registration');
    expect(answeredBy('what are the helpdesk opening hours')).to.equal('helpdesk-contacts');
  });

  it('reads "use it on my phone" as where NHSmail can be used, not the phone number on an account', () => {
    for (const q of ['can i use it on my phone', 'can i use my nhs mail on my ipad', 'can i use nhsmail at home']) expect(answeredBy(q), q).to.equal('web-access');
    expect(answeredBy('can i hide my phone number')).to.equal('hide-mobile-number');
    for (const q of ['can i use it in the microwave', 'can i use it on my skin']) expect(search.search(q).kind, q).to.equal('offTopic');
  });

  it('reads "2" typed for "to" before a verb as nothing, and as the number before anything else', () => {
    const two = search.analyzer.analyze('2').terms[0] as string;
    expect(search.analyzer.analyze('wat do i need 2 register on nas', { correct: true }).terms).not.to.include(two);
    expect(search.analyzer.analyze('can i have 2 accounts', { correct: true }).terms).to.include(two);
    expect(answeredBy('wat do i need 2 register on nas')).to.be.oneOf(['nas-registration', 'nas-checklist']);
  });

  it('takes being new to it, and finding something out, as saying nothing about the topic', () => {
    // "new" led to activating a new account, and "out" to ... anything with "out" in it
    expect(answeredBy('hi im new to this whats nhsmail and do we need it')).to.equal('what-is-nhsmail');
    expect(answeredBy('how do i find out our ods code')).to.equal('ods-code');
  });

  it('anchors on "local admin" as on "local administrator", and answers password and security-question troubles', () => {
    expect(answeredBy('do we need to appoint a local admin')).to.equal('local-administrator-role');
    expect(answeredBy('how do i change my nhsmail password')).to.equal('locked-out');
    expect(answeredBy('i forgot my security questions')).to.equal('helpdesk-authentication');
    expect(answeredBy('my password has expired')).to.equal('locked-out');
  });

  it('reads a size typed as one word ("50gb") as the figure and unit the mailbox entries write', () => {
    expect(search.analyzer.analyze('can we get 50gb').terms).to.include.members(['50', 'gb']);
    expect(answeredBy('can we get 50gb')).to.equal('mailbox-size');
    expect(answeredBy('my 4GB mailbox is full')).to.equal('mailbox-full');
  });

  it('takes "cant log in" as locked out, and still reads a deactivated account as one to reactivate', () => {
    expect(answeredBy('cant log in')).to.equal('locked-out');
    expect(answeredBy('i cant log in since my account was deactivated')).to.equal('reactivate-account');
    expect(answeredBy('i need to remove a member of staff who has left')).to.equal('leaver');
  });

  it('reads "4" typed for "for" as nothing, "wen will" as "when will" and "dspt help" as asking for support', () => {
    const four = search.analyzer.analyze('4').terms[0] as string;
    expect(search.analyzer.analyze('how do i get nhs mail 4 my care home', { correct: true }).terms).not.to.include(four);
    expect(search.analyzer.analyze('we need 4 more accounts', { correct: true }).terms).to.include(four);
    // after what is paid or free for, and "2" before paying: text speak, not a mailbox's 4 GB
    expect(search.analyzer.analyze('is nhsmail free 4 care providers', { correct: true }).terms).not.to.include(four);
    expect(answeredBy('do we hav 2 pay 4 nhsmail')).to.equal('nhsmail-cost');
    expect(answeredBy('is nhsmail free 4 care provders or is ther a charge')).to.equal('nhsmail-cost');
    // "2" before whom or what it goes to is "to"; getting into the shared mailbox is getting access, not access lost
    expect(search.analyzer.analyze('send it 2 the gp', { correct: true }).terms).to.not.include(search.analyzer.analyze('2').terms[0]);
    expect(answeredBy('how do we get acess 2 the homes shared mailbox')).to.equal('shared-mailbox-access');
    expect(search.analyzer.analyze('can we have 4 accounts free', { correct: true }).terms).to.include(four);
    expect(answeredBy('wen will my acount be deleted')).to.equal('account-lifecycle');
    expect(answeredBy('dspt help')).to.equal('dspt-help');
    expect(answeredBy('whats the helpdesk email')).to.equal('helpdesk-contacts');
  });

  it('refuses Microsoft Teams troubles: the assistant covers NHSmail only', () => {
    for (const q of ['teams isnt working', 'how do i join a teams meeting', 'ms teams keeps crashing']) expect(search.search(q).kind, q).to.equal('offTopic');
    expect(answeredBy('our it team manages our accounts')).to.equal('self-management');
  });

  it('reads names and days of the month as who and when: the matter is what is left', () => {
    for (const q of ['our senior carer Mary Brown is leaving on the 20th', 'Priya has left, what about her email', 'Jane Smith has left']) expect(answeredBy(q), q).to.equal('leaver');
    // a name is no off-topic marker ("Sunny" is weather), nor is a capitalised word the knowledge base uses a name
    expect(answeredBy('I work at Sunny Care Ltd, how do we register')).to.be.oneOf(['registration-routes', 'nas-registration']);
    expect(search.analyzer.analyze('the manager at Rosewood House', { correct: true }).whoOrWhen).to.include.members(['rosewood', 'hous']);
    expect(search.search('Sunny today?').kind).to.equal('offTopic');
    expect(search.search('Is it Sunny today').kind).to.equal('offTopic');
    expect(search.search('How do I reset my Facebook password').kind).to.equal('offTopic');
    expect(search.analyzer.analyze('can I send to Gmail', { correct: true }).whoOrWhen).to.deep.equal([]);
    // typed in title case throughout, the capitals name nobody
    expect(search.analyzer.analyze('How Do I Reset My Password', { correct: true }).whoOrWhen).to.deep.equal([]);
    expect(search.search('Who is Boris Johnson').kind).to.equal('offTopic');
  });

  it('reads "is it free" as what NHSmail costs, unless the thing asked about says its own cost', () => {
    // with no thing named it was a tie between the cost entry and the DSPT's
    expect(answeredBy('how much does it cost')).to.equal('nhsmail-cost');
    expect(answeredBy('is there a charge for the nas')).to.equal('nhsmail-cost');
    expect(answeredBy('is a bigger mailbox free')).to.equal('mailbox-size');
  });

  it('sends a new starter needing an account to whoever runs the accounts', () => {
    expect(answeredBy('our new starter needs an nhs email')).to.equal('who-administers');
  });

  it('keeps a colleague using your login on never sharing your password, and a colleague locked out on the lockout', () => {
    // a lockout phrasing naming "our deputy" took "can my deputy use my login" to the lockout entry (tried and undone)
    expect(answeredBy('can my deputy use my login')).to.equal('never-share-password');
    expect(answeredBy('my colleague Dave is locked out')).to.equal('locked-out');
  });

  it('sends how to use everyday email features to the NHSmail guides, not to an entry sharing their ordinary words', () => {
    // "out" and "office" matched self-service password reset ("locked out"), "turn on" reactivating an account
    for (const q of ['how do i set up an out of office on nhsmail', 'how do i turn on automatic replies in nhs mail', 'how do i add an email signature in nhs mail', 'can i share my diary with my deputy in nhsmail', "what's the best way to learn to use nhsmail", 'im getting loads of spam in my nhsmail']) {
      expect(answeredBy(q), q).to.equal('guidance-documents');
    }
    // ...but a spam email asking for your password is about never sharing it
    expect(answeredBy('i got a spam email asking for my nhsmail password')).to.equal('never-share-password');
  });

  it('reads "left" as leaving, and a role by its name as who, so a leaver reported in passing gets the leavers\' entry', () => {
    // "left" alone was a word of the shared mailbox whose owners all left; "activities lead" ranked the lead midwife
    expect(answeredBy('a carer left last week')).to.equal('leaver');
    expect(answeredBy('our activities lead is leaving')).to.equal('leaver');
    expect(answeredBy('everyone with access to the shared mailbox left')).to.equal('shared-mailbox-lost-access');
  });

  it('is not sure of a question naming NHSmail that it covers little, rather than calling it off the subject', () => {
    expect(search.search('can we use microsoft teams with nhsmail').kind).to.equal('unsure');
    expect(search.search('do we get onedrive with nhsmail').kind).to.equal('unsure');
    // "book" was read as the address book's, and hiding your mobile number from it was answered
    expect(search.search('can i use my nhsmail to book a holiday').kind).to.not.equal('answer');
    // distribution lists are a Local Administrator's task: this was refused as not about NHSmail
    expect(answeredBy('how do i create a distribution list')).to.equal('local-administrator-role');
  });

  it('reads text-speak verbs and "hw long" as their words', () => {
    // each was refused as not about NHSmail, or got what NHSmail is
    expect(answeredBy('cnt get in2 my nhs mail')).to.equal('locked-out');
    expect(answeredBy('hw long dus it take 2 get set up')).to.equal('timescales');
    expect(answeredBy('nhs mail keeps sayin my mailbox is ful')).to.equal('mailbox-full');
  });

  it('puts slips right in text for exact-word readers, leaving names, addresses and codes as typed', () => {
    expect(search.analyzer.corrected('i need 3 more acounts for new staff')).to.equal('i need 3 more accounts for new staff');
    expect(search.analyzer.corrected('which registation route is right for us?')).to.equal('which registration route is right for us?');
    const typed = 'Acounts for Jane Smyth, jane.smyth@nhs.net, ods V12345';
    expect(search.analyzer.corrected(typed)).to.equal(typed);
  });

  it('reads accounts that are not used as unused, and the quickest or easiest way as the best one', () => {
    // "used" was read as the "in use" of the extra accounts' entry; "quickest", a word of two unrelated entries,
    // outweighed the rest and the question was refused as not about NHSmail
    expect(answeredBy('what happens to nhsmail accounts that arent used')).to.equal('account-lifecycle');
    expect(answeredBy("what's the quickest way for a care home to join")).to.equal('registration-routes');
  });

  it('refuses small talk and food hygiene that the learned model would share among the entries (its class for none of them)', () => {
    // the model knew only the entries: "how long ... be kept" was all but sure to be how long a disabled account is
    // kept, and the question was offered NHSmail topics; examples.yaml's offTopic questions teach it a class for none
    expect(search.search('how long can cooked rice be kept in the fridge').kind).to.equal('offTopic');
    expect(search.search('morning!! hows your day going').kind).to.equal('offTopic');
    const noneClass = new KnowledgeSearch(kb.entries, { ...kb.lexicon, offTopicAsked: [] });
    expect(noneClass.search('how long can cooked rice be kept in the fridge').kind, 'without the class').to.not.equal('offTopic');
    // (greeting first, the question still answered)
    expect(answeredBy('hi how are you, im locked out of nhsmail')).to.equal('locked-out');
  });

  it('takes leaving care, retiring and losing your emails when you leave as the leavers\' entry', () => {
    for (const q of ['i retired, can i still use my email', 'will i lose my emails if i leave', 'the activities coordinator retires in december']) {
      expect(answeredBy(q), q).to.equal('leaver');
    }
    // (known since the model trains on the second and third sessions' blind sets: keeping one's email when leaving care
    // is offered with moving to another provider and keeping records out of the mailbox; since it trained on dev set 3's
    // older blind sets too (twenty-first session), moving to another provider, whose answer marks the account a leaver's
    // as well, is answered, the leavers' entry next: a known loss, named in that session's note)
    const keep = search.search('can i keep my nhs.net email if i leave care');
    expect(shown(keep).slice(0, 2).map((h) => h.entry.id)).to.include('leaver');
  });

  it('takes the DSPT deadline as renewing it each year, not how long things take', () => {
    expect(answeredBy('dspt deadline')).to.equal('dspt-renewal');
  });

  it('drops "not sure" and "unsure" with the stop word they stand for', () => {
    expect(search.analyzer.analyze('not sure', { correct: true }).terms).to.deep.equal([]);
    expect(search.analyzer.analyze('unsure how', { correct: true }).terms).to.deep.equal([]);
    expect(answeredBy('unsure which way to register, what are the choices')).to.equal('registration-routes');
  });

  it('takes someone having left or no longer working here as a leaver', () => {
    expect(answeredBy('how do i tell the helpdesk a carer has left')).to.equal('leaver');
    expect(answeredBy('our handyman no longer works here, what about his email')).to.equal('leaver');
    expect(answeredBy('how do i let you know that someone has left the home')).to.equal('leaver');
  });

  it('takes what to put in the subject line to send securely as the encryption entry\'s', () => {
    expect(answeredBy('what goes in the subject line to encrypt an email')).to.equal('sending-to-non-secure');
  });

  it('takes a quicker way than registering site by site as the bulk entry\'s', () => {
    expect(answeredBy('we run 40 care homes, any faster way than registering them one at a time')).to.equal('bulk-upload');
  });
});

describe('KnowledgeSearch: numbers typed as words read as figures', () => {
  it('reads "ten" as 10 and "four" as 4, so "our ten accounts" is the entry about more than 10', () => {
    expect(search.analyzer.analyze('four more than our ten').terms).to.include.members(['4', '10']);
    // the entry's own figure now covers the typed word: without it "ten" and "two" were words the entry never uses
    const got = search.search('used all ten of our users, how do we get two more');
    expect(got.kind === 'answer' ? got.best.entry.id : got.kind).to.equal('more-than-10-accounts');
    expect(got.kind === 'answer' && got.best.coverage).to.be.greaterThan(0.85);
  });
});

describe('KnowledgeSearch: entries whose own wordings overlap (bench:kb --confusion)', () => {

  it('takes keeping a group email\'s addresses from each other as the safe-sending (Bcc) entry\'s, not sending to Gmail', () => {
    expect(answeredBy("sending one email to all the families, how do i stop them seeing each other's addresses")).to.equal('safe-sending');
    // a near tie in score with the encryption entry (0.88 to 0.86): since bench:kb:calibrate (sureCoverage 0.9) a tie
    // among well-covered entries is "did you mean", with the Bcc entry offered first
    const tie = search.search("email to all the relatives so they cant see each other's addresses");
    expect(shown(tie)[0]?.entry.id).to.equal('safe-sending');
  });

  it('takes using NHSmail only now and then as the inactivity entry\'s, and switched off already as reactivating', () => {
    expect(answeredBy('how to stop my account being switched off when i hardly use it')).to.equal('inactivity');
    expect(answeredBy('my nhsmail got switched off because i hardly used it, how do i turn it back on')).to.equal('reactivate-account');
  });

  it('takes becoming a home\'s own Local Administrator as self-management, the way an organisation gets its own', () => {
    // (the model, since it trains on the second and third sessions' blind sets, is all but sure that wanting to be the
    // Local Administrator asks what the role is: that entry answers, saying the LAs are your own staff with self-
    // management, and offers self-management beside it)
    expect(answeredBy('want to become the local administrator for our home')).to.be.oneOf(['self-management', 'local-administrator-role']);
    expect(kb.byId.get('local-administrator-role')?.related).to.include('self-management');
    expect(answeredBy('what does a local administrator do')).to.equal('local-administrator-role');
  });

  it("does not lead with a profession's entry when the question names no profession and the entry for everyone is close (audienceWords)", () => {
    expect(answeredBy('is there a limit on how many staff get an account')).to.equal('account-allowance');
    // named in the question, or by the conversation (the last answer was the pharmacy's), the profession's entry leads
    expect(answeredBy('is there a limit on how many staff get an account at our pharmacy')).to.equal('pharmacy-users');
    expect(answeredBy('our chemist, is there a limit on how many staff get an account')).to.equal('pharmacy-users');
    // Scotland's entry is Scotland's: a question naming England and Wales does not lead with it
    expect(answeredBy('we have homes in england and wales, can they all have nhsmail')).to.not.equal('scotland');
    expect(answeredBy("we're based in scotland")).to.equal('scotland');
    // the pharmacy's entry covered more of this ("first", "level"), yet it is no pharmacy's question
    expect(answeredBy('do we have to do the data security toolkit first and what level')).to.equal('dspt-requirement');
    const inContext = search.search('is there a limit on how many staff get an account', { audiences: ['pharmacy'] });
    expect(inContext.kind === 'answer' && inContext.best.entry.id).to.equal('pharmacy-users');
  });

  it("in a conversation about a profession, leads with the profession's own entry when it ranks close behind everyone's", () => {
    const id = (q: string, audiences: string[]) => {
      const out = search.search(q, { audiences });
      return out.kind === 'answer' ? out.best.entry.id : out.kind;
    };
    expect(id('how do we get an ods code', [])).to.equal('ods-code');
    expect(id('how do we get an ods code', ['dental'])).to.equal('dental-ods-code');
    // the care providers' audience is everyone's: it reorders nothing
    expect(id('how do we get an ods code', ['care-provider'])).to.equal('ods-code');
    // a question asking what something is (definitionWords), which the responder reads without the check's profession
    expect(search.asksWhatIs('what is an ODS code?')).to.equal(true);
    expect(search.asksWhatIs("what's the shared mailbox for")).to.equal(true);
    expect(search.asksWhatIs('i dont know my ods code')).to.equal(false);
    // "what do" asks a meaning only when no one is doing something after it
    expect(search.asksWhatIs('what does dspt mean')).to.equal(true);
    expect(search.asksWhatIs('what do you mean by an ods code')).to.equal(true);
    expect(search.asksWhatIs('what do i need to do about my nhs.net account before i go')).to.equal(false);
  });

  it('asking whether an NHSmail thing is something else ("is it an inspection") is about the thing, not the other', () => {
    // "inspection" is off the subject, and refused the question about the toolkit
    expect(answeredBy('The data security toolkit thing, is it an inspection where someone comes out to us, or something we do ourselves?')).to.equal('dspt-what-is');
    expect(answeredBy('we have a cqc inspection next week, is it ok')).to.equal('offTopic');
    // (with the words of a comparison between: "is that just our normal cqc registration number")
    expect(answeredBy('the nas portal is asking for our cqc location id, is that just our normal cqc registration number or something different')).to.equal('cqc-location-id');
  });

  it("reads a letter's courtesies as nothing asked, and what it asks the reader to explain or advise as its question", () => {
    expect(answeredBy('Dear Sir/Madam, I am new administrator in a small care home and my manager keeps saying we must use NHSmail. Kindly explain me what this NHSmail actually is and for whom it is intended.')).to.equal('what-is-nhsmail');
    expect(answeredBy('Dear Sir/Madam, at the first log in I was asked to accept something called Acceptable Use Policy. Kindly explain what this document is and whether I am obliged to agree with it.')).to.equal('acceptable-use-policy');
  });

  it('keeping recipients from seeing each other\'s addresses is what Bcc does; agreeing to a policy at first log in is the AUP', () => {
    // families are outside NHSmail, and the learned model led with sending to addresses that are not secure
    expect(answeredBy("Good morning, I need to send one email from our NHSmail to many families together. How I should send so that they do not see each other's addresses?")).to.equal('safe-sending');
    expect(answeredBy('first time i logged in it asked me to agree to some policy, what is that? my manager never mentioned it')).to.equal('acceptable-use-policy');
  });

  it('a condition to meet is a requirement, and the conditions of use are the AUP', () => {
    // "condition" was read as the AUP's terms and conditions
    expect(answeredBy('is there some condition before?')).to.equal('dspt-requirement');
    expect(answeredBy('conditions of use for nhs email')).to.equal('acceptable-use-policy');
    expect(answeredBy('do i have to accept the terms and conditions')).to.equal('acceptable-use-policy');
  });

  it('a greeting in any words asks nothing ("good day" is no day)', () => {
    expect(answeredBy('Good day. I run a nursing home in Leeds with 40 beds. Can a nursing home like ours obtain NHSmail accounts')).to.equal('care-provider-eligibility');
  });

  it('what NHSmail addresses end in is what NHSmail is; how few a shared mailbox may have is the shared mailbox\'s; getting someone onto it is access', () => {
    expect(answeredBy('What do NHSmail email addresses end in?')).to.equal('what-is-nhsmail');
    expect(answeredBy('our contract ends in march, what happens to my email')).to.not.equal('what-is-nhsmail');
    expect(answeredBy("Only our manager is set up on the home's shared mailbox at the moment. Is there a minimum number of people it has to have on it?")).to.equal('shared-mailbox');
    expect(answeredBy('new team leader Sam started monday and needs to see the home inbox for GP emails. im the manager and an owner of it, how do i get her onto it')).to.equal('shared-mailbox-access');
  });

  it('sets aside what a message says it is not asking about (the lexicon\'s setAside)', () => {
    const left = (q: string) => tokenize(search.withoutSetAside(q)).join(' ');
    expect(left('not asking how to register, just why the trust wants secure email')).to.equal('just why the trust wants secure email');
    expect(left('Not the sign-up side, I mean what must I complete when I first sign in')).to.equal('i mean what must i complete when i first sign in');
    expect(left('not the location id, the cqc contact id. where is it')).to.equal('the cqc contact id where is it');
    expect(left('not my nhs.net account, my outlook.com one keeps sending things to junk')).to.equal('my outlook com one keeps sending things to junk');
    expect(left('not asking about the dspt but about the portal')).to.equal('but about the portal');
    // a state, not a topic turned down, stays: "not" alone with a plain clause after it, or "but" going on describing
    for (const kept of ['not receiving emails, why', 'not cqc registered, we are a small agency, how do we join', 'im not a member of the shared mailbox, how do i get access',
      'We run a supported living service, not CQC registered, but the council contract says we must use NHSmail']) {
      expect(left(kept), kept).to.equal(tokenize(kept).join(' '));
    }
    expect(left('this isnt about nhs.net, how do i register my mum with a new gp surgery')).to.equal('how do i register my mum with a new gp surgery');
    // nothing left: the text as it came
    expect(left('not asking')).to.equal('not asking');
  });

  it('answers what is asked, not the neighbouring topic the message turns down', () => {
    expect(answeredBy("not asking what the dspt is, what level does it need to be published at before we can get nhsmail")).to.equal('dspt-requirement');
    expect(answeredBy('not the location id, the cqc contact id. what is it and where do i find it')).to.equal('cqc-contact-id');
    expect(answeredBy('not nhsmail, my personal gmail got hacked, how do i get it back')).to.equal('offTopic');
  });

  it("a profession's own entry leads a general one the model prefers it to only when it covers nearly as much (blind set B54)", () => {
    expect(answeredBy('optometrist with a small practice - is there a charge for nhsmail or is it free to use')).to.equal('nhsmail-cost');
    expect(answeredBy("we're a chain of 60 pharmacies, is there a bulk way of registering all the branches")).to.equal('pharmacy-multiples');
    expect(answeredBy('how many named accounts per community pharmacy')).to.equal('pharmacy-users');
  });

  it('work the helpdesk does is a request, not a job vacancy (blind set B54)', () => {
    expect(answeredBy('dental practice manager, are there set turnaround times for helpdesk jobs like extra accounts or removing leavers?')).to.equal('timescales');
  });

  it('a login borrowed or asked for is sharing it, still about NHSmail', () => {
    expect(answeredBy('a carer asked to use my nhsmail login for her shift, is that ok')).to.equal('never-share-password');
    const lent = search.search('can the agency nurse borrow my login for tonight');
    expect(lent.kind).to.not.equal('offTopic');
    expect(lent.kind === 'unsure' ? lent.candidates[0]?.entry.id : lent.kind === 'answer' ? lent.best.entry.id : '').to.equal('never-share-password');
  });

  it('a scene run on into "what even is it" asks what the thing it names is', () => {
    expect(answeredBy('just started as a carer and my manager keeps going on about nhsmail what even is it')).to.equal('what-is-nhsmail');
  });

  it('asking what to do about an account after a scene is no question of what NHSmail is', () => {
    // "what do I need to do" was read as asking what something is, and the entry defining NHSmail led
    expect(answeredBy("I'm retiring from care at the end of the month after 20 years. What do I need to do about my nhs.net account before I go?")).to.equal('leaver');
  });

  it('reads not being able to sign in at all as a lockout, and moving an organisation\'s email across as a migration', () => {
    // "log in" alone is in four entries' wordings (inactivity, activation, password sharing, lockout): a near tie
    expect(answeredBy('cant log in to my nhs mail')).to.equal('locked-out');
    expect(answeredBy('unable to sign in to nhs.net')).to.equal('locked-out');
    expect(answeredBy('can nhs move our existing emails across for us')).to.equal('migration-options');
    expect(answeredBy('options for switching our whole company email to nhs.net')).to.equal('migration-options');
  });

  it('reads "what do we do now" as asking the next step, and an account not used as unused', () => {
    expect(search.analyzer.analyze('we registered what do we do now').terms).to.include('next');
    expect(answeredBy('we registered what do we do now')).to.equal('after-registering');
    expect(search.analyzer.analyze('my account was deactivated because i didnt use it').terms).to.include('unus');
    expect(answeredBy('account got switched off cos i never used it how do i get it back on')).to.equal('reactivate-account');
  });

  it('reads keeping something from happening ("how do i stop my account being deactivated") as prevention, not undoing it', () => {
    expect(search.analyzer.analyze('how do i stop my account being deactivated').intents).to.include('~prevent');
    expect(answeredBy('how do i stop my account being deactivated')).to.equal('inactivity');
    expect(answeredBy('my account was deactivated how do i get it back')).to.equal('reactivate-account');
    expect(answeredBy('how do i avoid sending emails to the wrong person')).to.equal('safe-sending');
  });

  it("takes a trust's new starter as one whose employer already has NHSmail, not a trust's pharmacist (no pharmacy named)", () => {
    expect(answeredBy('i work at a hospital trust how do i get nhs.net')).to.equal('already-on-nhsmail-org');
    expect(answeredBy('im a pharmacist at a hospital trust how do i get nhs.net')).to.equal('pharmacy-hospital');
  });

  it('reads getting NHSmail set up as joining, and having no idea as saying nothing about the topic', () => {
    expect(answeredBy("we're a home care agency with two offices, what is the best way for us to get nhsmail set up for everyone")).to.equal('registration-routes');
    expect(search.analyzer.analyze('i have no idea what that is').terms).to.not.include('without');
  });

  it('reads approving a sign-in as MFA, turning an account back on as reactivating it, and what to have to hand as what to have ready', () => {
    expect(answeredBy('since last week nhs mail keeps asking me to approve a sign in on my phone, is this a scam or do i have to do it now')).to.equal('mfa');
    expect(search.analyzer.analyze('how do they turn it back on').terms).to.include('reactiv');
    expect(search.analyzer.analyze('what should i have to hand').terms).to.include('readi');
  });

  it('answers keeping resident records in NHSmail, whose words are an off-topic marker (records law) elsewhere', () => {
    expect(answeredBy('can we keep resident records in our nhsmail inbox')).to.equal('not-for-records');
    expect(answeredBy('the deputy wants to use the shared inbox as our main place to keep resident records, is that allowed')).to.equal('not-for-records');
    expect(search.search('how long should we keep resident records').kind).to.equal('offTopic');
  });

  it('answers with the entry about the question\'s topic, rather than refusing, when a leader about something else is only just ahead', () => {
    // the full mailbox's example wordings say "agency" and "best": it led, not being about joining, and the question was refused
    expect(answeredBy('whats the best way for our agency to join')).to.equal('registration-routes');
  });

  it('reads a toolkit never finished as not done, and leaving to work for another provider as a move, not only leaving', () => {
    expect(search.analyzer.analyze('our dspt was never finished').terms).to.include('not');
    expect(search.analyzer.analyze('im leaving the home to work for an agency').terms).to.include.members(['leaver', 'joiner']);
    expect(answeredBy("we've registered and received an email from nhsmail, what do we do with it")).to.equal('after-registering');
    // ...where "nhs.net email" named as the service is NHSmail itself, whatever is sent by it
    expect(answeredBy('The district nurse keeps going on about us getting nhs.net email so she can send wound care plans. What actually is it?')).to.equal('what-is-nhsmail');
  });

  it('reads "what does X involve" as asking about X: the word names no topic', () => {
    // "involve" was in two entries' example wordings only, and led the local administrator's role for the DSPT
    expect(answeredBy('what does the dspt involve')).to.equal('dspt-what-is');
    expect(answeredBy('what does the local admin role involve')).to.equal('local-administrator-role');
  });

  it('reads sending something securely as sending it by secure email, whatever is sent; storing it so is not', () => {
    expect(answeredBy('how do i send a medication list securely')).to.equal('sending-to-non-secure');
    expect(search.search('how do i store medication securely').kind).to.equal('offTopic');
  });

  it('weighs what a question asks above the scene set before it, except for a situation that is the point', () => {
    // flat, the scene ("registered last year") pulls the dental practices' way to an ODS code ahead of what one is
    // (the learned model also settles the flat ranking's leader, so it is turned off to see the stress alone)
    const q = 'we registered last year, what is an ods code';
    const unsettled = new KnowledgeSearch(kb.entries, kb.lexicon, { ...DEFAULT_TUNING, settledCoverage: 1 });
    expect(answeredBy(q)).to.equal('ods-code');
    const flat = unsettled.search(q, { scene: false });
    expect(flat.kind === 'answer' ? flat.best.entry.id : flat.kind).to.not.equal('ods-code');
    // ...and one asking with an intent that has no house rule ("use it on") is read by what it asks, not the sign-up
    expect(answeredBy('we signed up last year, can we use it on our phones')).to.equal('web-access');
  });

  it('reads a clause asking only about "it" or "that" as asking about the NHSmail thing the scene names', () => {
    const q = "Hi, the NHSmail registration form is asking for our ODS code. I'm the manager of a care home, what is that";
    expect(answeredBy(q)).to.equal('ods-code');
    expect(answeredBy('shared inbox for the home, what is it for')).to.equal('shared-mailbox');
    // of several such things, "it" is the most particular: SSPR, not the Local Administrator who mentioned it
    expect(answeredBy('Hi, our Local Administrator told me to use "SSPR" next time I forget my password. I am a nurse at a care home, what is it and how does it work?')).to.equal(
      'self-service-password-reset',
    );
  });

  it('reads "it" or "that" as the particular thing named last, and asks what that is, word for word', () => {
    // the ODS code was named first and is done with; "that" is the contact ID named just before it
    expect(answeredBy('thanks, the ods code bit is done. now the form wants a cqc contact id, what is that')).to.equal('cqc-contact-id');
    // (asked with "whats" after a scene, no question mark: "whats" asks as "what" does)
    expect(answeredBy('we have our staff accounts set up now but nhs keep mentioning a shared mailbox for the home, whats that exactly')).to.equal('shared-mailbox');
    // ...within a sentence too, clause by clause back from the pointer
    expect(answeredBy('got the location id from our cqc registration ok but it also asks for the cqc contact id, whats that and where is it')).to.equal('cqc-contact-id');
    // a clause only pointing back asks what the thing is: the entry defining it leads, however far the scene's words
    // ("never heard of it", worded so for NHSmail itself) had put it down
    expect(answeredBy('data security and protection toolkit? never heard of it till today, what is it')).to.equal('dspt-what-is');
    // leading, the entry defining just what is asked is sure of it, whatever the scene's words it leaves out
    const q = 'setting up secure email for our home and every website says do the dspt first, what is the dspt exactly';
    expect(search.search(q).kind).to.equal('answer');
    expect(answeredBy(q)).to.equal('dspt-what-is');
    // with nothing else named, "it" is NHSmail itself
    expect(answeredBy('new in the office and everyone talks about nhs mail as if i should know it. what actually is it')).to.equal('what-is-nhsmail');
    // how simply to put it names no topic (NHSmail's own wordings asked "in plain english")
    expect(answeredBy('our deputy keeps on about the dspt and i have no clue, can you explain what it is in plain english')).to.equal('dspt-what-is');
  });

  it('puts an entry about the question\'s topic before a leader about none of its words that only shares scene words', () => {
    // the CQC location ID's wordings share "anywhere" and "paperwork"; the question is about the ODS code
    expect(answeredBy("We're a residential care home and we can't find our ODS code anywhere in our paperwork. Where can we look it up?")).to.equal('ods-code');
  });

  it('after a scene, a question asking what something is is led by the entry that says what it is', () => {
    // the registration checklist names the ODS code too, and the scene ("trying to sign us up") is about registering
    expect(answeredBy("whats an ODS code? never heard of it before, I'm the admin at a home care agency trying to sign us up for nhs mail")).to.equal('ods-code');
    const dspt = search.search("Hiya, I'm new to the office side of things at a care home. The NHSmail info keeps mentioning a DSPT. What actually is the Data Security and Protection Toolkit?");
    expect(shown(dspt)[0]?.entry.id).to.equal('dspt-what-is');
    // all the asking clause names is what the entry defines: from further down, however common the word
    expect(answeredBy('what is nhsmail exactly? new deputy manager here and everyone keeps going on about it')).to.equal('what-is-nhsmail');
    // the Acceptable Use Policy's question names NHSmail too, but defines the policy
    expect(answeredBy('whats nhsmail actually for? our new deputy keeps going on about it')).to.equal('what-is-nhsmail');
    // "the point" of NHSmail is no thing an entry defines
    expect(shown(search.search('whats the point of having nhs mail, we already use outlook in the office'))[0]?.entry.id).to.not.equal('acceptable-use-policy');
  });

  it('answers a question naming nothing NHSmail when its leader stands out: topical, the learned model sure, well ahead', () => {
    // in a chat about NHSmail people leave it unsaid; "scotland" and "sign up" anchor nothing, and coverage is under the
    // bar for unanchored questions (wee, lockerbie and describe are words of the asker's own)
    const q = "Our wee care home is just outside Lockerbie, so we're in Scotland not England. Does the sign up process you describe apply to us?";
    const out = search.search(q);
    expect(out.kind === 'answer' && out.best.entry.id).to.equal('scotland');
    if (out.kind === 'answer') expect(out.best.coverage).to.be.below(DEFAULT_TUNING.unanchoredCoverage);
    // what no entry is about stays refused however sure the model is among the entries
    expect(search.search('whats a good recipe for a birthday cake').kind).to.equal('offTopic');
  });

  it('does not refuse for a marker phrase the sure leader is itself worded with, and still refuses one used in passing', () => {
    // "cqc registration" marks registering with the CQC; the location ID's entry says "cqc registration number"
    expect(answeredBy('whats the cqc location id, is it the same thing as our cqc registration number')).to.equal('cqc-location-id');
    expect(search.search('whats the best care planning software').kind).to.equal('offTopic');
  });

  it('reads the council as someone who emails, not as off the subject, and still refuses questions about its own services', () => {
    expect(answeredBy('Our manager gets loads of big attachments from the council. Is it possible to get a bigger mailbox than the standard size?')).to.equal('mailbox-size');
    for (const q of ['how do i register on the councils provider portal', 'what is the council paying per week for residential care', 'how do i apply for council funding']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
  });

  it('reads "how long" about two things named, each another entry\'s topic, as how long things take in general', () => {
    expect(answeredBy("Roughly how long do nhsmail requests take, like getting extra accounts or a leaver's account being removed?")).to.equal('timescales');
    // one thing named whose entry says how long: that entry
    expect(answeredBy('how long does it take to get extra accounts once we have emailed the helpdesk')).to.equal('more-than-10-accounts');
  });

  it('reads "recoverable" as restoring, and "a second check when they sign in" as MFA', () => {
    expect(answeredBy('acc deleted, is it recoverable??')).to.equal('restore-deleted-account');
    expect(answeredBy('why does nhsmail suddenly want a second check when i sign in')).to.equal('mfa');
  });

  it('reads "who helps with the dspt" as asking who supports it', () => {
    expect(answeredBy('who helps with the dspt')).to.equal('dspt-help');
  });

  it('reads "any charges" as asking what it costs, and "cos" typed for because as no word of the topic', () => {
    expect(answeredBy('agency owner here, any charges for using it?')).to.equal('nhsmail-cost');
    expect(search.analyzer.analyze('cos no one opened it').terms).to.not.include('co');
  });

  it('reads a code typed apart ("o d s code", "dcb 1596") and "practises" typed for practices', () => {
    expect(answeredBy('what is an o d s code')).to.equal('ods-code');
    expect(answeredBy('what is dcb 1596')).to.equal('secure-email-accreditation');
    expect(answeredBy('we are a groop of 8 dental practises how do we register them')).to.equal('dental-groups');
  });

  it('knows the questions whose facts no source gives (the lexicon\'s gaps), and only those', () => {
    for (const q of ['how big can attachments be', 'whats the attachment size limit', 'can i send a large file']) expect(search.gapFor(q), q).to.equal('gap.attachments');
    for (const q of ['how do i send an attachment securely', 'how big is my mailbox']) expect(search.gapFor(q), q).to.equal(undefined);
    // big files held, not sent, ask no limit (the lexicon's `with`)
    for (const q of ['if i delete old emails with big attachments will that stop the quota warning popping up', 'is there a bigger storage option for staff who get loads of large files']) {
      expect(search.gapFor(q), q).to.equal(undefined);
    }
    expect(search.gapFor('large attachments keep bouncing back')).to.equal('gap.attachments');
  });

  it('answers what is asked when a gap is only the scene before it, and keeps the gap when it is asked or nothing answers', () => {
    const scene = 'we get loads of big attachments at the home. how much storage does a normal nhsmail mailbox have';
    expect(search.gapFor(scene)).to.equal(undefined);
    expect(answeredBy(scene)).to.equal('mailbox-size');
    expect(search.gapFor('my residents photos are big files, is there a limit on what i can send')).to.equal('gap.attachments');
    expect(search.gapFor('we send big attachments')).to.equal('gap.attachments');
    // asked indirectly ("I wondered what..."), what is asked is the mailbox's limit, not the attachments of the scene
    expect(search.gapFor('our manager gets large attachments from the hospital and I wondered what the size limit is on her mailbox')).to.equal(undefined);
    // ...and when the whole message is unsure between two entries but what is asked, on its own, has its answer
    const unsureWhole = "I get a lot of large attachments from the hospital and our area manager thinks I'll run out of room. How much can a normal NHSmail mailbox hold, and can mine be made bigger?";
    expect(search.gapFor(unsureWhole)).to.equal(undefined);
  });

  it('reads using NHSmail abroad as where it can be opened, not sending to other addresses', () => {
    expect(answeredBy('can we use nhsmail abroad')).to.equal('web-access');
    expect(answeredBy('can i check my emails while im abroad')).to.equal('web-access');
  });

  it('reads "does it work on" a phone or tablet as where NHSmail can be opened, not the mobile number', () => {
    for (const q of ['does it work on an ipad', 'can i get it on my tablet', 'can i check my emails on my iphone', 'does it work on my phone']) {
      expect(answeredBy(q), q).to.equal('web-access');
    }
  });

  it('finds the DSPT status entry from its own topic (result, compliance, published) without its example wordings', () => {
    // the entries' example wordings of this one left out, as bench:kb's held-out phrasings do: its title, question and
    // keywords must name what people ask about it
    const entries = kb.entries.map((e) => (e.id === 'dspt-check-status' ? { ...e, phrasings: [] } : e));
    const bare = new KnowledgeSearch(entries, kb.lexicon);
    for (const q of ['where can i see our toolkit result', 'look up our dspt compliance']) {
      const out = bare.search(q);
      expect(shown(out)[0]?.entry.id, q).to.equal('dspt-check-status');
    }
  });
});

describe('KnowledgeSearch: a scene says what a question naming only NHSmail is about, and a sure leader is offered, not refused', () => {

  it('does not read "can we still get NHSmail?" alone after a scene naming the kind of service', () => {
    // alone, the question is what NHSmail is; with the scene, it is whether a home care agency may have it
    const out = search.search("We're a home care agency, not a care home. Can we still get NHSmail?");
    expect(shown(out)[0]?.entry.id).to.equal('care-provider-eligibility');
  });

  it('reads where an organisation is based as the place, not a word of Scotland\'s entry', () => {
    expect(search.analyzer.analyze("we're based in leeds").terms).to.not.include('base');
    const out = search.search("We're based in Leeds. Can we get NHSmail?");
    expect(out.kind === 'answer' && out.best.entry.id).to.not.equal('scotland');
  });

  it('offers a topical leader the learned model all but names, rather than refusing a question in the asker\'s own words', () => {
    for (const [q, id] of [
      // (the way round a missing ID: the passcode)
      ["We can't find the registered manager's ID, is there another way to register?", 'one-time-passcode'],
      ['I finished the online registration for our home and got a confirmation screen. What happens from here?', 'after-registering'],
    ] as const) {
      const out = search.search(q);
      expect(out.kind, q).to.not.equal('offTopic');
      expect(shown(out)[0]?.entry.id, q).to.equal(id);
    }
    // a marker still refuses, however sure the model is
    expect(search.search("I'm locked out of the staff room, the keypad code has changed. Who has it?").kind).to.equal('offTopic');
  });

  it('reads "who registers" as asking who does it: the entry saying who registers for that kind of organisation', () => {
    expect(answeredBy('who should register our pharmacy for nhsmail')).to.equal('pharmacy-users');
    expect(answeredBy('who should register our care home for nhsmail')).to.equal('nas-registration');
    expect(answeredBy('who registers a dental practice')).to.equal('dental-registration');
    expect(answeredBy('how do we register our pharmacy')).to.equal('pharmacy-registration');
  });

  it('reads "email" as the verb as sending by email: the other provider named is where it goes, not the topic', () => {
    expect(answeredBy('can i email a hospital consultants secretary on a gmail account with patient info')).to.equal('sending-to-non-secure');
    // a provider's own account, with nothing sent, is still no NHSmail question
    expect(search.search('how do i change my gmail account password').kind).to.equal('offTopic');
    // sending to someone else's address at another provider is sending by email, whatever else the message names
    expect(answeredBy("The council asked me to send a new client's support plan to a social worker, but she gave me her personal outlook.com. Is that allowed?")).to.equal('sending-to-non-secure');
    expect(search.search('someone got into my outlook.com account and is sending spam').kind).to.equal('offTopic');
  });

  it('reads the wording of a focused blind set: applied for, when it comes through, leave, the 11th account, the only way, yearly', () => {
    // "applied" is registering, not whether Scotland's rules "apply"; "when it'll come through" asks how long
    expect(answeredBy("we're a domiciliary agency that's just applied for nhsmail. any idea when it'll come through?")).to.equal('timescales');
    expect(answeredBy("we've had 2 carers leave this month, how do i get their accounts removed")).to.equal('leaver');
    expect(search.analyzer.analyze('she is on annual leave').terms).to.not.include('leaver');
    expect(answeredBy('we have an 11th staff member who needs an account, how do we request it')).to.equal('more-than-10-accounts');
    expect(answeredBy('is nas the only way to register for nhsmail')).to.equal('registration-routes');
    expect(answeredBy('is the dspt a one off or yearly')).to.equal('dspt-renewal');
    expect(answeredBy('I came back from maternity leave and when I tried to sign in it said my account no longer exists. Is there any way of recovering it?')).to.equal(
      'restore-deleted-account',
    );
  });

  it('reads a device named in asking where NHSmail works as the place it is used, not another topic (the intent\'s exempts)', () => {
    expect(answeredBy('Can I get my emails from home on my own laptop, or only on the office PC at Ashgrove? I do the rotas in the evenings.')).to.equal('web-access');
    expect(search.search('my laptop wont turn on').kind).to.equal('offTopic');
    expect(search.search('how do i fix my laptop').kind).to.equal('offTopic');
  });

  it('reads "how long until" as asking how long, and what to have before registering as what to have ready', () => {
    expect(answeredBy('how long until an unused account gets deleted')).to.equal('account-lifecycle');
    expect(answeredBy('what do i need before registering my care home')).to.equal('nas-checklist');
    expect(answeredBy('is there an app for nhsmail or only the website')).to.equal('web-access');
  });

  it('reads a question after "Separately," without what came before, and talk about a thing ("everyone keeps on about") as no topic', () => {
    expect(answeredBy("We're renewing our DSPT next month anyway. Separately, is there a way to get more storage on a couple of the office staff accounts?")).to.equal(
      'mailbox-size',
    );
    expect(answeredBy('whats the data security toolkit thing everyone keeps on about')).to.equal('dspt-what-is');
    // a mailbox's quota is an NHSmail thing, named or not
    expect(answeredBy('says im over my quota and nothing is coming in, what should i delete')).to.equal('mailbox-full');
    expect(answeredBy('do we need special software or is it just a website')).to.equal('web-access');
  });

  it('reads someone who helps as support ("who helps care providers with the dspt"), and a generic address as a shared mailbox', () => {
    expect(search.analyzer.analyze('who helps care providers with the dspt').terms).to.include('support');
    expect(shown(search.search('who helps care providers with the dspt'))[0]?.entry.id).to.equal('dspt-help');
    expect(search.analyzer.analyze('a generic address for the home').terms).to.include('sharedmailbox');
  });
});

describe('KnowledgeSearch: words that carry the need are read, not thrown away (the lexicon\'s contextTerms, separable particles, versus)', () => {
  const terms = (q: string) => search.analyzer.analyze(q, { correct: true }).terms;

  it('reads IT typed in capitals, or between "our/the" and a team word, as information technology; not "it", not a shouted message', () => {
    expect(terms('small care home, our IT team')).to.include('infotech');
    expect(terms('our it lot want to do it')).to.deep.equal(['infotech']);
    expect(terms('the it dept')).to.deep.equal(['infotech', 'depart']);
    expect(terms('is it done')).to.deep.equal([]);
    expect(terms('IT IS BROKEN')).to.deep.equal(['broken']);
    // no IT staff of your own says nothing for self-management, the entry about having them
    expect(terms('no IT team here')).to.not.include('infotech');
    expect(answeredBy('we want our IT department to run the nhs mail admin')).to.equal('self-management');
    expect(answeredBy('our IT team wont fix the printer')).to.not.equal('self-management');
  });

  it('reads "dept" as department, never corrected to dspt', () => {
    expect(terms('our IT dept')).to.not.include('dspt');
  });

  it('reads "help" as the support asked for when it is the object, not in "can you help"', () => {
    expect(terms('anyone who could help us get it done')).to.deep.equal(['support']);
    expect(terms('any help with the toolkit')).to.deep.equal(['support', 'dspt']);
    expect(terms('can you help us with the dspt')).to.deep.equal(['dspt']);
    expect(answeredBy('who could help us get the toolkit finished')).to.equal('dspt-help');
    expect(answeredBy('can you help me with my homework')).to.equal('offTopic');
  });

  it('matches a two-word phrase whose particle stands a few words after its verb ("sign them all up")', () => {
    expect(terms('sign them all up')).to.deep.equal(['regist']);
    expect(terms('sign in and set it up')).to.deep.equal(['login', 'set']);
    expect(answeredBy('we have 50 homes, can we sign them all up together')).to.equal('bulk-upload');
  });

  it('reads v, vs and versus as asking the difference', () => {
    expect(terms('a shared mailbox v my account')).to.deep.equal(['sharedmailbox', 'differ', 'account']);
    expect(answeredBy('difference: shared mailbox vs my personal nhsmail')).to.equal('shared-mailbox');
    expect(answeredBy('tea v coffee')).to.equal('offTopic');
  });

  it('reads "the process for" and "the steps to" as asking how, about the thing named after them', () => {
    expect(terms('whats the process for leavers')).to.deep.equal(['leaver']);
    expect(terms('what are the steps to add a user')).not.to.include(search.analyzer.analyze('steps').terms[0]);
    expect(answeredBy('whats the process for leavers')).to.equal('leaver');
    // the access process is a name, not a way of asking
    expect(answeredBy('how does the access process work')).to.equal('access-process-form');
  });

  it('answers "where do we get that" with the entry about what "that" points at, not one that lists it', () => {
    expect(answeredBy('the registration form is asking for an ods code. we are a care home, where do we get that from?')).to.equal('ods-code');
    // an entry about the thing for the writer's own kind of organisation stays first
    expect(answeredBy("our dental practice doesn't seem to have an ods code and the portal asks for one. where do we get it?")).to.equal('dental-ods-code');
  });

  it('reads a toolkit that "isn\'t published" as one not done yet, and "help me fill it in" as asking for support', () => {
    expect(terms('our toolkit isnt published')).to.deep.equal(['dspt', 'not', 'publish']);
    expect(answeredBy("our toolkit still isn't published. is there any way we can have nhs.net in the meantime?")).to.equal('dspt-not-done');
    expect(answeredBy('who can help me fill in the dspt')).to.equal('dspt-help');
    expect(terms('can you help me')).to.deep.equal([]);
  });

  it('answers a scene then "what is nhsmail exactly" with what NHSmail is, and "what do i do with her nhsmail" as the situation asks', () => {
    expect(answeredBy('new admin at a small care home here, what is nhsmail exactly')).to.equal('what-is-nhsmail');
    expect(answeredBy('a carer has left, what do i do with her nhsmail')).to.equal('leaver');
    // what the asking clause asks is read with its slips put right: the password, not the shared mailbox itself
    expect(answeredBy('whats the passwrod for our shared mailbox')).to.equal('shared-mailbox-access');
  });

  it('reads a shared nhs.net inbox as the shared mailbox, and what happens from here as what happens next', () => {
    expect(answeredBy('how do the night staff open the homes shared nhs.net inbox')).to.equal('shared-mailbox-access');
    // ("I'd like to explain... in full" was an ID and a full mailbox; "actual" a search word: P25)
    expect(answeredBy("Is there an email address for the actual helpdesk people? I'd like to explain our situation to them in full")).to.equal('helpdesk-contacts');
    // ("the shared box" was no NHSmail word, so a question naming nothing else was refused: dev set 3, B89)
    expect(answeredBy('how many gb is the shared box of the home, it is same size like the personal one?')).to.equal('mailbox-size');
    expect(answeredBy("we've finished the online registration for our home care branch. what should we expect to happen from here?")).to.equal('after-registering');
    expect(answeredBy('the nhsmail form wants a contact id from cqc. what is it and whose details is it linked to?')).to.equal('cqc-contact-id');
  });

  it('does not refuse a question about keeping records in NHSmail for what the records are about', () => {
    expect(answeredBy('can we use the shared nhs inbox as our filing system for medication records and care plans')).to.equal('not-for-records');
    expect(search.search('where do we store medicines').kind).to.equal('offTopic');
    // "keeps saying" keeps nothing in a mailbox
    expect(search.search('my personal google account keeps saying storage is full, how do i free up space on google').kind).to.equal('offTopic');
  });

  it('answers nothing for a message that only negates ("you\'re not helping")', () => {
    expect(search.search("you're not helping").kind).to.equal('unsure');
    expect(search.search('not').kind).to.equal('unsure');
  });

  it('answers a profession comparing itself with care homes for the profession ("the same portal as care homes")', () => {
    expect(answeredBy('do dentists use the same portal as care homes to get nhsmail?')).to.equal('dental-registration');
    expect(answeredBy('is the pharmacy nhsmail sign up the same as the care home one or is there a separate portal?')).to.equal('pharmacy-registration');
    // ...and with another profession: the one named first asks
    expect(answeredBy('do opticians go through the same sign up portal as dentists for nhs mail?')).to.equal('optometry-registration');
  });

  it('reads whether the helpdesk is reachable as how to contact it', () => {
    expect(answeredBy('is the helpdesk reachable by phone, or only email?')).to.equal('helpdesk-contacts');
  });

  it('reads the sign up site as the registration portal, not a care site', () => {
    expect(terms('the sign up site')).to.deep.equal(terms('the portal'));
  });

  it('reads an ordinary or non-NHS address as an address outside secure email', () => {
    expect(answeredBy('is emailing from nhsmail to an ordinary email address secure')).to.equal('sending-to-non-secure');
    expect(answeredBy('can i email a care plan to a non nhs address')).to.equal('sending-to-non-secure');
    expect(answeredBy('how is an nhs.net address different from a normal email address')).to.equal('what-is-nhsmail');
  });

  it('refuses a kind of email that is no NHSmail sending ("a mail merge in Word") even in a message about sending', () => {
    expect(search.search('i need to send a letter to all the families. how do i do a mail merge in word').kind).to.equal('offTopic');
    expect(answeredBy('how do i send a care plan by email to the district nurse securely')).not.to.equal('offTopic');
  });

  it('refuses other bodies\' paperwork, other accounts and clinical worries that share NHSmail\'s words', () => {
    for (const q of [
      'how do i tell cqc our registered manager has changed',
      'my personal google account says storage is full because of my photos',
      'someone got into my outlook.com account and is sending spam',
      'how do we order lateral flow tests for visitors',
      'how do we sign up to offer pharmacy first',
      'where do i renew my gphc registration',
      'our pmr system keeps freezing when we print labels',
      'forgot my iphone passcode and its locked',
      'how do we find a gp who will take on our residents',
      // a bank, the post, a passport, revalidation, the ICO, accounts in the money sense, a phone's photos
      'got locked out of my barclays app after typing the wrong passcode',
      'how do i change my name on my bank account after getting married',
      'royal mail hasnt delivered our post in 4 days',
      'how do i arrange my gmc revalidation appraisal as a gp locum',
      'do we need to register with the ico',
      'can you explain accounts payable vs accounts receivable',
      'phone says storage almost full and i cant take any more pictures',
      // another system's login and its security questions (once read as sending securely), other registers and offices
      'payroll portal wont let me log in to see my p60, forgot security questions',
      'locked out of my online banking after entering wrong passcode, how do i get back in',
      'how do i reset my nmc online password',
      'im a locum pharmacist and my locum agency portal locked me out, how do i get my shifts',
      'how do i change my name on the nmc register after marriage',
      'do we need a data protection officer as a small care home',
      'how do i register a limited company for my domiciliary care business',
    ]) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
  });

  it('takes what to type in the subject as sending securely, not the password entry ("type your password")', () => {
    expect(terms('what should i type')).to.deep.equal([]);
    expect(answeredBy('what should i type in the subject so its secure')).to.equal('sending-to-non-secure');
  });

  it('reads a phone someone has as a mobile, and "who do i phone" or "ring" as whom to contact', () => {
    expect(terms('on my phone')).to.deep.equal(['mobil']);
    expect(terms('who do i phone')).to.deep.equal(['contact']);
    expect(terms('who should we ring')).to.deep.equal(['contact']);
    expect(shown(search.search('who do i phone'))[0]?.entry.id).to.equal('helpdesk-contacts');
  });

  it('reads a home care worker as who, her nhs.net after a scene as pointing back at it, and a general entry only when asked', () => {
    // "home care workers" is the role, not the kind of provider; "her nhs.net" is her account, as "it" would be
    expect(answeredBy('one of our home care workers has handed her notice in. what do i do about her nhs.net')).to.equal('leaver');
    expect(answeredBy('our care worker is leaving. what do i do about her nhs.net')).to.equal('leaver');
    expect(answeredBy('we use outlook at the moment. what is nhsmail?')).to.equal('what-is-nhsmail');
    // the cost entry's wording for small agencies does not make a question about joining one about cost
    expect(answeredBy("we're a small domiciliary agency, can we get nhsmail")).to.equal('care-provider-eligibility');
    expect(answeredBy('price of nhsmail for a small provider')).to.equal('nhsmail-cost');
    expect(answeredBy('owner of a small care home worried about extra costs if we sign up to nhsmail')).to.equal('nhsmail-cost');
  });

  it('puts the entry for a profession the question names ahead of one for everyone close behind it', () => {
    expect(answeredBy('how many named accounts per community pharmacy')).to.equal('pharmacy-users');
    expect(shown(search.search('what subject line goes on the email for a dental bulk upload'))[0]?.entry.id).to.equal('dental-groups');
    // with no profession named, the entry for everyone
    expect(answeredBy('how many accounts does each site get')).to.equal('account-allowance');
  });

  it('reads an off-topic thing said to be missing as a fact about the asker, not the topic ("no cqc registration")', () => {
    expect(search.analyzer.analyze('no cqc registration, do we use the registration portal', { correct: true }).offTopic).to.deep.equal([]);
    expect(search.analyzer.analyze('how long does cqc registration take', { correct: true }).offTopic).to.deep.equal(['cqc registration']);
    expect(answeredBy('national research organisation working with nhs england, no cqc registration, do we use the registration portal?')).to.equal('access-process-form');
    expect(answeredBy('how long does cqc registration take')).to.equal('offTopic');
  });

  it('reads what an NHSmail thing is compared with ("is that the same as...") as context, as for a profession', () => {
    expect(answeredBy('quota exceeded on my account - is that the same as the site running out of accounts?')).to.equal('mailbox-full');
    expect(answeredBy('is the ods code the same as our cqc provider number')).to.equal('ods-code');
  });

  it('reads "like care homes do" and "the same portal the care homes use" as what a question is compared with', () => {
    expect(answeredBy("we're a dentist in leeds, can we go through the national admin service like care homes do")).to.equal('dental-registration');
    expect(answeredBy('we disabled a carers account while shes suspended pending an investigation, will it get deleted after 60 days like unused ones do')).to.equal('disabled-account-retention');
    // wanting is no comparison
    expect(answeredBy('i would like to know how long disabled accounts are kept')).to.equal('disabled-account-retention');
  });

  it('reads a password offered to someone, this chat included, as sharing it', () => {
    expect(answeredBy('should I type my password in here so you can check whats wrong with my account')).to.equal('never-share-password');
    expect(answeredBy('someone rang saying they were from nhsmail and i gave them my password')).to.equal('never-share-password');
    expect(answeredBy('i forgot my password')).to.equal('locked-out');
  });

  it('reads NHSmail named inside a phrase the lexicon reads as something else as naming it ("set up on nhsmail")', () => {
    const out = search.search('how long to get a domicilary agency set up on nhsmail start to finish');
    expect(out.kind).to.not.equal('offTopic');
    expect(shown(out).map((h) => h.entry.id)).to.include('timescales');
  });

  it('reads what will happen to an account typed with a slip ("be turnd off") as it reads it spelt right', () => {
    const typed = search.search('will my account be turnd off if i dont use it');
    const spelt = search.search('will my account be turned off if i dont use it');
    expect(typed.kind).to.equal('answer');
    expect(typed.kind === 'answer' && typed.best.entry.id).to.equal(spelt.kind === 'answer' && spelt.best.entry.id);
    expect(answeredBy('will my account be turnd off if i dont use it')).to.not.equal('reactivate-account');
    expect(answeredBy('my account got deleted can i get it back')).to.equal('restore-deleted-account');
  });

  it('reads the terms of use as the acceptable use policy, and a district general as a hospital', () => {
    expect(answeredBy('nhsmail terms of use, what do they say')).to.equal('acceptable-use-policy');
    const hospital = search.analyzer.analyze('hospital').terms[0];
    expect(search.analyzer.analyze('i work at a district general').terms).to.include(hospital);
  });

  it('draws the candidates with the asking clause\'s stress: a thing named in the scene and asked about is found', () => {
    expect(answeredBy('The NHSmail sign-up mentions a data security toolkit. What is that exactly, and what does it involve?')).to.equal('dspt-what-is');
  });

  it('puts an entry for care providers and pharmacies ahead of the pharmacies\' own when no pharmacy is named', () => {
    expect(answeredBy("do staff sign into the home's shared mailbox with its own password or thru their personal nhs.net login?")).to.equal('shared-mailbox-access');
    expect(answeredBy('at our pharmacy do staff sign into the shared mailbox with their own nhs.net login')).to.equal('pharmacy-shared-mailbox');
  });

  it('reads "what even is" as asking what a thing is, and a password asked for as sharing it', () => {
    expect(answeredBy('What even is this Data Security and Protection Toolkit everyone mentions. Our new owner thinks it is software we have to buy for the office.')).to.equal('dspt-what-is');
    const share = search.analyzer.analyze('give you my password').terms[0];
    expect(search.analyzer.analyze('someone rang and asked me to read out my password').terms).to.include(share);
  });

  it('reads "can someone explain it" after a scene naming a thing as asking what that thing is', () => {
    expect(answeredBy('The ICB kept saying "DSPT" on the call and I nodded along. I run a small care home. Can someone explain it in plain English?')).to.equal('dspt-what-is');
  });

  it('reads the CQC location ID as a thing of its own, not any site\'s id', () => {
    const site = search.analyzer.analyze('location').terms[0];
    expect(search.analyzer.analyze('the portal wants our location id').terms).to.not.include(site);
    expect(answeredBy('where do i find our cqc location id')).to.equal('cqc-location-id');
  });

  it('reads "how much room" as a mailbox\'s size, not a price', () => {
    expect(answeredBy('how much room do i actually get in my nhs email box')).to.equal('mailbox-size');
    expect(answeredBy('how much does nhsmail cost')).to.equal('nhsmail-cost');
  });

  it('asked how long, a leader whose topic names nothing the question says gives way to how long things take', () => {
    const out = search.search('Raised a ticket with the NHSmail helpdesk on Monday and nobody has told me how long it will take');
    expect(shown(out)[0]?.entry.id).to.equal('timescales');
    // (a thing's own entry, named, still answers for its own time)
    expect(answeredBy('how long before a leavers account is deleted')).to.equal('leaver');
    expect(search.search('how long is maternity leave').kind).to.not.equal('answer');
  });

  it('reads finishing one\'s job as leaving, "what this one is" as asking what it is, and refuses voicemail and pay rates', () => {
    expect(answeredBy('next month i finish my job at the care home, what happen with my nhs email after?')).to.equal('leaver');
    expect(search.search('forgot the voicemail password on the office phone').kind).to.equal('offTopic');
    expect(search.search("What's the going hourly rate for a locum pharmacist these days?").kind).to.equal('offTopic');
  });

  it('is sure of how long things take when the house rule puts it ahead of a thing\'s own entry that states no time', () => {
    expect(answeredBy('if i ring the helpdesk for a password reset how quick do they do it')).to.equal('timescales');
    expect(answeredBy('when will our staff accounts be ready after we register')).to.equal('timescales');
  });

  it('reads "will I be waiting" as asking how long', () => {
    expect(answeredBy("Ringing the helpdesk to have my password reset - will it be done while I'm on the phone or will I be waiting a day or two?")).to.equal('timescales');
  });

  it('reads a mailbox that "has no room left" as full, and not remembering a password as forgetting it', () => {
    expect(answeredBy('nobody can email our night nurse, it says her mailbox has no room left')).to.equal('mailbox-full');
    expect(answeredBy('Please may I have advice on regaining access to my NHSmail account, as I am unable to recall my password.')).to.equal('locked-out');
    const forgot = search.analyzer.analyze('forgot').terms[0];
    for (const q of ['i cant remember my password', 'forgotten my password']) expect(search.analyzer.analyze(q).terms, q).to.include(forgot);
  });

  it('reads a device something is done on, in a message naming an NHSmail thing, as where; a device\'s own password stays refused', () => {
    expect(answeredBy('getting "your mailbox has exceeded its quota" every time i open outlook on the office pc')).to.equal('mailbox-full');
    expect(answeredBy('keeps asking for a 6 digit code everytime i log in from the office pc')).to.equal('mfa');
    expect(search.search('forgot the password for my work laptop').kind).to.equal('offTopic');
  });

  it('reads another thing NHSmail is likened to, in a message naming an NHSmail thing, as no subject of its own', () => {
    // wording of our own: the bank app was an off-topic marker, and refused a lockout
    expect(answeredBy('my account is locked, i thought it would unlock itself overnight like my banking app does')).to.equal('locked-out');
    // the other thing as the subject, or "like" as wanting, stays off the subject
    expect(search.search('my smartcard pin is blocked, does it unlock itself after a day').kind).to.equal('offTopic');
    expect(search.search('id like my banking app password reset').kind).to.equal('offTopic');
    // ...and so is a marker saying only when, inside a phrase of several words saying it
    expect(answeredBy('i assumed i had to ring someone whenever im locked out, is there a way to reset my password myself at 3am on a night shift')).to.not.equal('offTopic');
    expect(search.search('how many staff do we need on a night shift').kind).to.equal('offTopic');
    // ...and so is what it is said to be "the same as"
    expect(answeredBy('apologies if this is obvious but is the location id the same thing as our cqc registration number')).to.equal('cqc-location-id');
  });

  it('reads the words care staff use for the same things (blind set B8)', () => {
    const same: [typed: string, as: string][] = [
      ['the ig self-assessment', 'dspt'],
      ['the old ig toolkit', 'dspt'],
      // (blind set B23: a size limit gone over is a full mailbox)
      ['ive gone over my size limit', 'ive gone full'],
      // (blind set B18: plain words for the toolkit)
      ['the data security form is so confusing', 'the dspt is so confusing'],
      ['the data security questionnaire every year', 'the dspt every year'],
      ['a single-use code', 'one time passcode'],
      ['our organisation code', 'ods code'],
      ['a sessional gp', 'locum gp'],
      ['does the company have to cough up', 'does the company have to pay'],
      ['can my storage be bumped up', 'can my storage be bigger'],
      ['do we redo it every yr', 'do we redo it every year'],
      ['teach the carers the ropes', 'teach the carers training'],
      ['she is packing it in at the end of the month', 'she is leaving at the end of the month'],
      ['our in-house tech people', 'our it'],
      ['her contact number with the regulator', 'her contact number with the cqc'],
      // (blind sets B10 and B11: jargon and everyday words)
      ['shut out of my email', 'locked out of my email'],
      ['how do i re-enable it', 'how do i reactivate it'],
      ['a small teeth clinic', 'a small dentist'],
      ['i deliver babies privately', 'i am a midwife privately'],
      ['how often must it be refreshed', 'how often must it be renewed'],
      ['a small home help service', 'a small home care service'],
      ['a freelance family doctor', 'a locum gp'],
      ['the user was purged', 'the user was deleted'],
      ['my mailbox is chocka', 'my mailbox is full'],
      ['what id&v checks do they run', 'what identification checks do they run'],
      ['does owa work on my phone', 'does outlook web access work on my phone'],
      // (blind set B13: voice-to-text and slips)
      ['locked out of nhs male', 'locked out of nhsmail'],
      ['wats a shared male box', 'wats a shared mailbox'],
      ['staff exiting the business', 'staff leaving'],
      ['the phone number for the email help people', 'the phone number for the helpdesk'],
    ];
    for (const [typed, as] of same) expect(search.analyzer.analyze(typed).terms, typed).to.include.members(search.analyzer.analyze(as).terms.filter((t) => !['gp'].includes(t)));
    expect(answeredBy('is the secure email on the house or does the company have to cough up for it')).to.equal('nhsmail-cost');
    // (blind set B21: the NHS Pharmacy First service is off the subject; a pharmacy that first registers is not)
    for (const q of ['what is pharmacy first', 'how do we claim for pharmacy first consultations', 'how does pharmacy first work']) expect(search.search(q).kind, q).to.equal('offTopic');
    expect(answeredBy('is it right we only get 3 user accounts when the pharmacy first registers')).to.equal('pharmacy-users');
    // (blind set B23: a pharmacy chain asking for a bulk way gets the chains' entry, not the care groups' bulk upload)
    expect(answeredBy("we're a chain of 60 pharmacies, is there a bulk way of registering all the branches")).to.equal('pharmacy-multiples');
    expect(answeredBy('cant send any emails, it says ive gone over my size limit')).to.equal('mailbox-full');
    expect(answeredBy('whats the size limit on my mailbox')).to.equal('mailbox-size');
    // (blind set B20: a junior doc is a junior doctor, whose entry leads)
    const doc = search.search('junior doc here who do i bother about an nhs.net account');
    expect(doc.kind === 'answer' ? doc.best.entry.id : doc.candidates[0]?.entry.id).to.equal('junior-doctors');
    expect(search.search('google workspace mailbox size limit').kind).to.not.equal('answer');
    expect(search.search('iphone storage full, how do i free space').kind).to.not.equal('answer');
    for (const q of ['amazon order emial never arrived', 'mandatory trainin moving and handling login', 'register new resident with local gp surgery', 'Forgot my password for the GOS claims portal at the opticians, how do I reset it?', 'hospital wont discharge mr jones until the care package is sorted']) expect(search.search(q).kind, q).to.not.equal('answer');
    expect(answeredBy('ok so if i type my nhsmail password in here can you check whats wrong with my account')).to.equal('never-share-password');
    expect(search.search('locked out of the e-learning portal after 3 tries').kind).to.not.equal('answer');
  });

  it('reads a chemist on the high street as a community pharmacy, and company tablets as where NHSmail is used', () => {
    expect(answeredBy('Working in the chemist on the high street. How does our shop get the nhs email?')).to.equal('pharmacy-registration');
    expect(search.search('can carers open their mailboxes from company tablets in the field').kind).to.not.equal('offTopic');
  });

  it('reads recipients, Bcc and an encrypted message as email\'s own words', () => {
    expect(search.search('told to double check recipients every time, is there guidance on sending safely').kind).to.not.equal('offTopic');
    expect(search.search('recipient says they got a weird link to open my encrypted message, is that normal').kind).to.not.equal('offTopic');
  });

  it('reads Scotland as a thing only NHSmail questions here name: a home there asking about the portal is answered', () => {
    expect(answeredBy('Our hospice is in Dumfries, so Scotland - does the England registration portal apply to us or is there something different?')).to.equal('scotland');
    expect(search.search('what is the weather like in scotland this week').kind).to.equal('offTopic');
  });

  it('puts an entry for the profession the question names ahead of one for a profession it does not name', () => {
    expect(shown(search.search("we're an nhs dentists on the high street, how do we get going with it"))[0]?.entry.id).to.equal('dental-registration');
  });

  it('answers a misdirected email to a social worker with safe sending, not as off-topic', () => {
    expect(answeredBy('Last month a carer emailed a care plan to the wrong social worker. What should we change so it does not happen again?')).to.equal('safe-sending');
  });
});

describe('KnowledgeSearch: long scenes told before the question (blind sets B61 to B64)', () => {

  it('reads a plural code ("fy1s") as the code', () => {
    expect(search.analyzer.analyze('our fy1s and f2s').terms).to.deep.equal(['fy1', 'f2']);
    expect(answeredBy('our new fy1s start next week, who sets up their nhsmail')).to.equal('junior-doctors');
  });

  it('reads "pay to have it" and "charged for it" as asking what NHSmail costs, after a scene about NHSmail', () => {
    // (offered first, not answered, since the model trained on dev set 3's older blind sets: what NHSmail is close behind)
    expect(shown(search.search('the gp surgery says they email us on nhs.net all the time, do care homes have to pay to have it or not?'))[0]?.entry.id).to.equal('nhsmail-cost');
    expect(answeredBy('we use teams for everything else but the hospital wants nhs.net, do we get charged for it?')).to.equal('nhsmail-cost');
    // (a thing whose own entry says what it costs keeps it)
    expect(answeredBy('is the dspt something we have to pay for')).to.equal('dspt-what-is');
  });

  it('reads another thing said to work as no subject of the question ("my smartcard still works")', () => {
    expect(answeredBy('locked out after holiday and cant remember the password at all, my smartcard still works, what do i do')).to.equal('locked-out');
    // (said not to work, it is the question)
    expect(search.search('my smartcard wont work').kind).to.equal('offTopic');
    expect(search.search('my smartcard works fine, how do i reset it').kind).to.equal('offTopic');
  });

  it('reads when as when ("on my day off"), the NHS address book as NHSmail\'s, and a second sign-in method as MFA', () => {
    expect(answeredBy("can i stop my mobile number showing in the nhs address book, dont want people from other services ringing me on my day off")).to.equal('hide-mobile-number');
    expect(search.search('can i have a day off').kind).to.equal('offTopic');
    expect(search.analyzer.analyze('it wants me to register a second method').terms).to.include('mfa');
  });

  it('keeps the writer\'s own profession\'s entry over one the rest alone answers for another kind of organisation', () => {
    expect(answeredBy('gp locum, got an invite email about nhsmail, wat do i need to be eligable')).to.equal('gp-locum-registration');
    // (even when the whole message leaves the search unsure: a midwife's entry is not offered first to a GP locum)
    const locum = search.search('freelance gp locum, practices keep asking for my nhs.net. how do i get one when im not employed anywhere');
    expect(shown(locum)[0]?.entry.id).to.equal('gp-locum-registration');
    // (what every account holder does, written for care providers, is the writer's too: no pharmacy entry for leaving)
    expect(answeredBy("pharmacy technician, retiring in june! does my nhs.net email just stop or do i have to tell someone i'm going?")).to.equal('leaver');
  });

  it('reads whom something was emailed to as no subject of its own, and an inspection on its way as when', () => {
    expect(answeredBy('one of our coordinators accidentally emailed a clients care plan to the wrong social worker last week. how do we stop this happening again')).to.equal('safe-sending');
    expect(answeredBy("after a near miss where a carer emailed a resident's details to the wrong family member, and with CQC coming, what should I be telling staff so it doesn't happen again")).to.equal('safe-sending');
    // (what was sent, when it is the off-topic thing, still is: "my payslip", "my rota")
    expect(search.search('i emailed my payslip to the bank and they said its not secure').kind).to.equal('offTopic');
    expect(search.search('i emailed my rota to the manager but she cant open it').kind).to.equal('offTopic');
    expect(search.search('how do i refer to a social worker').kind).to.equal('offTopic');
  });

  it('reads "it" pointing at a thing only NHSmail has as NHSmail\'s, whatever another clause of the sentence names', () => {
    expect(answeredBy("I've got an inspection coming, two vacancies I can't fill and now the toolkit to do, which I genuinely don't understand half of, is there anyone locally who can actually sit down and help us with it")).to.equal('dspt-help');
    // (a password may be another system's: that sentence's other system still counts)
    expect(search.search('locked out of our care planning system, not email, after putting the wrong password in, how do I reset it').kind).to.equal('offTopic');
  });

  it('reads "wat is" and "wats" as asking what a thing is, and "nxt" as next', () => {
    expect(answeredBy('wat is mfa, keeps saying set it up nxt time i sign in')).to.equal('mfa');
    expect(answeredBy('wats nhs mail even for, manager says we all need it')).to.equal('what-is-nhsmail');
  });

  it('reads "what was that" as asking what a thing is, and verifying as the helpdesk checking who you are', () => {
    expect(answeredBy('first time i logged on it made me tick to accept some policy, what was that and did i have to')).to.equal('acceptable-use-policy');
    expect(answeredBy('no mobile on my profile, how will they verify me')).to.equal('helpdesk-authentication');
  });

  it('reads "whats the point of" a thing as asking what it is for', () => {
    expect(answeredBy('hiya whats the point of having an nhs.net email, we already use outlook at work')).to.equal('what-is-nhsmail');
    expect(answeredBy('whats the point of a shared mailbox')).to.equal('shared-mailbox');
  });

  it('reads "no idea what its for" as asking what the thing the scene names is', () => {
    expect(answeredBy('after registering we got a shared mailbox as well as my own account and my manager has no idea what its for, shes asked me to find out.')).to.equal('shared-mailbox');
  });

  it('reads a bare "what do I do" after a scene as asking about the last NHSmail thing the scene names', () => {
    expect(answeredBy("it's 3am, I'm covering a waking night because two staff called in sick, the pharmacy has just emailed the new MAR chart and I'm locked out of nhsmail, what do I do")).to.equal('locked-out');
  });
});

describe('KnowledgeSearch: NHSmail said to work, or set aside, is no anchor for another system\'s question (blind set B66)', () => {
  const kind = (q: string) => search.search(q).kind;

  it('sets aside a clause saying NHSmail works, and the rest is judged alone', () => {
    expect(kind('my nhsmail is fine, its my personal gmail that wont let me in. keeps asking for a code to a phone i lost')).to.equal('offTopic');
    expect(kind('inspection next week, nhsmail all sorted. what do cqc usualy ask about activities for residents')).to.equal('offTopic');
    expect(kind('got locked out of nhsmail yesterday but its sorted. now the nhs app says too many attempts, how do i unlock that')).to.equal('offTopic');
    expect(kind('had the nhsmail mfa done last month. now my personal outlook.com wants a code every time too, how do i turn that off')).to.equal('offTopic');
  });

  it('keeps NHSmail that is asked about, got working, or works only somewhere', () => {
    expect(answeredBy('my nhsmail is fine but the shared mailbox wont open')).to.equal('shared-mailbox-access');
    expect(kind('nhs mail is fine on my laptop but not on my phone')).to.equal('answer');
    expect(answeredBy("I'm running one branch of a big pharmacy chain, a pharmacist down and the GPhC inspection due, can I just register our store on the pharmacy portal myself to get nhsmail sorted")).to.equal('pharmacy-multiples');
    expect(kind('we want to send care plans by email, is nhsmail ok')).to.equal('answer');
  });

  it('reads "it" pointing at another system\'s thing as asking about that system, unless NHSmail itself is named there', () => {
    expect(kind('i have an nhsmail account and a smartcard. the smartcard pin is locked after 3 goes, who resets that')).to.equal('offTopic');
    expect(answeredBy('my nhsmail password wont work on the new windows laptop, how do i reset it')).to.equal('locked-out');
    expect(answeredBy("we're a small supported living service, not registered with cqc, but the council contract says we have to use nhsmail. how do we get it")).to.equal('commissioner-sponsored');
  });

  it('reads "nhsmail works but..." and a message opening "sorry not about nhs mail," as setting NHSmail aside', () => {
    expect(kind('nhsmail works but the care planning software on the tablet keeps freezing')).to.equal('offTopic');
    expect(kind("sorry not about nhs mail, when's the next bank holiday")).to.equal('offTopic');
    expect(kind('nhsmail works on my laptop but not on my phone')).to.equal('answer');
    // (answered before the model trained on the second and third sessions' blind sets; now the pharmacy's shared
    // mailbox is as likely to it, and both are offered, the shared mailbox first: NHSmail is not set aside either way)
    const owns = search.search('not about nhsmail exactly but about our shared mailbox, who owns it');
    expect(owns.kind).to.not.equal('offTopic');
    expect(shown(owns)[0]?.entry.id).to.equal('shared-mailbox');
  });

  it('puts an entry for everyone ahead of a pharmacy\'s close behind when the question names care homes', () => {
    // (the helpdesk's contacts until the model trained on the second and third sessions' blind sets; now who manages
    // the accounts after joining, which is written for everyone too and says who looks after them for each way in)
    // (offered rather than answered since the model trained on dev set 3's older blind sets, the two level: the pharmacy's
    // contacts are behind both)
    expect(shown(search.search('Who looks after nhsmail problems for care homes'))[0]?.entry.id).to.be.oneOf(['helpdesk-contacts', 'who-administers']);
  });

  it('reads "not the nhs one" and "our own company outlook not nhs" as setting NHSmail aside', () => {
    expect(kind('microsoft authenticator on my new phone for our company 365 login, not the nhs one, how do i move it over')).to.equal('offTopic');
    expect(kind('how do i schedule an email to go to staff at 7am tomorrow in outlook? its our own company outlook not nhs')).to.equal('offTopic');
  });

  it('reads "registered with cqc" as a provider\'s status, and getting registered with the CQC as off the subject', () => {
    expect(answeredBy('we have two homes registered with cqc and im signing up the second one, which cqc registration number do i use and where is it')).to.equal('cqc-location-id');
    expect(answeredBy('our registered manager left and the new one isnt registered with cqc yet so we dont have their id number, can we still sign up without it')).to.equal('one-time-passcode');
    expect(kind('how do we get registered with cqc')).to.equal('offTopic');
    expect(kind('how long does it take to be registered with cqc')).to.equal('offTopic');
  });

  it('reads another provider\'s mail asking for a code as that provider\'s, and sending to it as NHSmail\'s', () => {
    expect(kind('now my personal outlook.com wants a code every time too, how do i turn that off')).to.equal('offTopic');
    expect(answeredBy('can i send a care plan to her personal outlook.com')).to.equal('sending-to-non-secure');
  });
});

describe('KnowledgeSearch: what a scene names, asked about by pointing back at it (blind set B98)', () => {

  it('finds the entry saying what the thing pointed at is, however many entries the scene\'s other words draw', () => {
    // (the registering and managing the scene tells of drew sixteen other entries before the toolkit's definition)
    expect(answeredBy('Registered manager here, quite new to the role. All the nhsmail info keeps mentioning the dspt, what is it')).to.equal('dspt-what-is');
    expect(answeredBy('Registered manager here, quite new to the role. All the nhsmail info keeps mentioning the data security and protection toolkit, what is it')).to.equal('dspt-what-is');
    // (NHSmail itself, pointed at when nothing else is named, draws no definition: the thing asked for is the number)
    expect(answeredBy('someone told me theres a national number for nhsmail problems, whats that')).to.equal('helpdesk-contacts');
  });

  it('reads "that role" as the role the scene named, and what it would involve as what it is', () => {
    expect(answeredBy('Our head office wants me to become the local administrator for nhsmail across our homes. what would that role actually involve?')).to.equal('local-administrator-role');
    expect(answeredBy('Our head office wants me to become the local administrator for nhsmail across our homes. what does that role involve?')).to.equal('local-administrator-role');
    expect(answeredBy('what would the dspt involve')).to.equal('dspt-what-is');
    // ("this" asked about, with what is said of it after, points at nothing: the trust's offer is asked about)
    expect(answeredBy('Hospice manager here. The NHS trust near us say they can help us join nhsmail and look after the accounts after. Is this allowed way to do it?')).to.equal('local-sponsorship');
  });

  it('reads how much work a thing is as what it involves, not as its cost', () => {
    expect(answeredBy('how much work is the dspt')).to.equal('dspt-what-is');
    expect(answeredBy('how much effort is the toolkit')).to.equal('dspt-what-is');
    expect(answeredBy('how much does nhsmail cost')).to.equal('nhsmail-cost');
  });

  it('reads the toolkit said to be done as the scene, not as what is asked, unless it is disputed, partly done or asked about', () => {
    // (blind sets B98 and B100: a DSPT said to be published drew the toolkit's entries ahead of what was asked)
    expect(answeredBy('we just published our DSPT. does joining nhsmail then cost the agency anything each year or is it free')).to.equal('nhsmail-cost');
    expect(answeredBy('registered on the portal last week and DSPT is published. what happens next and what do i have to do once we hear back?')).to.equal('after-registering');
    expect(answeredBy('our dental practice has the dspt done and the cqc ids to hand. where do we actually register for it and who runs the accounts after')).to.equal('dental-registration');
    expect(answeredBy('how do i know if our dspt is published')).to.equal('dspt-check-status');
    expect(answeredBy('we have published the dspt but the portal says we havent')).to.equal('dspt-not-done');
    expect(answeredBy('our toolkit is only half done, can i still go ahead with the NAS registration or do we have to wait')).to.equal('dspt-not-done');
    expect(answeredBy('our dspt is published, when does it expire')).to.equal('dspt-renewal');
  });

  it('refuses a BT business email account as another provider\'s, and keeps sending to one', () => {
    expect(search.search('our BT business email account is locked how do i unlock it').kind).to.equal('offTopic');
    expect(answeredBy('can i send a care plan from nhsmail to a bt business email address')).to.equal('sending-to-non-secure');
  });
});

describe('KnowledgeSearch: blind sets B116-B119 (the nineteenth session)', () => {

  it('reads "can our care home get nhsmail" as asking whether the writer\'s own service may have it', () => {
    expect(answeredBy('can our care home get nhsmail')).to.equal('care-provider-eligibility');
    expect(answeredBy('can my agency get nhsmail')).to.equal('care-provider-eligibility');
    // (asking how it joins asks the way, not whether it may)
    expect(answeredBy('how can our care home join nhsmail')).to.equal('registration-routes');
  });

  it('refuses another Microsoft thing said not to be NHSmail', () => {
    expect(search.search('my company teams chat not working on phone, is not nhsmail').kind).to.equal('offTopic');
    expect(search.search('teams meeting with the council wont let me join its their teams not nhsmail').kind).to.equal('offTopic');
    expect(search.search('our own microsoft 365 calendar not nhsmail wont share with deputy').kind).to.equal('offTopic');
    // (asked whether something is NHSmail, it is still a question about NHSmail)
    expect(search.search('can i use gmail, is that not nhsmail?').kind).to.not.equal('offTopic');
  });

  it('reads a "non nhs email" as a non-secure address', () => {
    expect(answeredBy('can i send from nhs.net to a non nhs email')).to.equal('sending-to-non-secure');
  });

  it('refuses jabs and boosters, and other systems\' sign-ins and appointment books', () => {
    expect(search.search('does our new dental nurse need a hep B booster before she starts?').kind).to.equal('offTopic');
    expect(search.search('How do I reset the password for our practice management system? The receptionist is locked out of the appointment book.').kind).to.equal('offTopic');
    expect(search.search('PharmOutcomes login not working, how do i reset it').kind).to.equal('offTopic');
  });

  it('refuses other providers\' mail and the office computer\'s own password, and keeps NHSmail on that computer', () => {
    expect(search.search('My Virgin email password has stopped working, can you reset it for me?').kind).to.equal('offTopic');
    expect(search.search('How do I change the Password on the Office computer itself, the one it asks for when it starts up?').kind).to.equal('offTopic');
    expect(answeredBy('can i send a care plan to a virgin media email address')).to.equal('sending-to-non-secure');
    expect(answeredBy('my nhsmail wont open on the office computer')).to.equal('web-access');
  });

  it('refuses other systems\' logins and apps (blind sets B123-B125)', () => {
    for (const q of ['electronic staff record login', 'my care plan app account is locked who do i ring', 'how do i scan to email on the office printer', 'set up a meeting on our company teams account and the guests cant join, tried resending the link', 'how do i reset my password for the councils care provider portal']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
  });

  it('keeps a leaver\'s question a leaver\'s when it names a profession whose entries the model rules out', () => {
    expect(answeredBy('One of our pharmacy technicians leaves on Friday. What do I need to do about her nhs.net account?')).to.equal('leaver');
    expect(answeredBy('Our dispensing optician left on Friday. What do I need to do about her NHSmail account?')).to.equal('leaver');
    // (a profession's own entry still leads one for everyone the model prefers less surely)
    expect(answeredBy('how many named accounts per community pharmacy')).to.equal('pharmacy-users');
  });

  it('refuses what to answer in the toolkit itself, and keeps help with it and a policy for its evidence', () => {
    for (const q of ['dspt question about data flow mapping, what should the home put for that one', 'what counts as evidence for the staff training question on the dspt', 'how do we answer the backups bit on the dspt, idk what to put']) {
      expect(search.search(q).kind, q).to.equal('offTopic');
    }
    expect(answeredBy('stuck on the toolkit questions about backups and cyber stuff, where do care homes go for support with it')).to.equal('dspt-help');
    expect(answeredBy('pulling together evidence for our DSPT and want to point staff to the rules for using nhs mail. is there a proper policy they should read')).to.equal('acceptable-use-policy');
  });

  it('reads what the service is and who it is for, however the question names it, as what NHSmail is', () => {
    expect(firstShown('Our NHS England regional team has asked us to "get on NHSmail". Could you explain briefly what the service is and who it is intended for.')).to.equal('what-is-nhsmail');
    expect(firstShown('bank carer here, manager says im "getting an nhs.net". is that just an email address or something special? who\'s meant to use it')).to.equal('what-is-nhsmail');
    expect(firstShown('Quick one: board wants a one line explanation of what NHSmail is and who its aimed at. can you give me that')).to.equal('what-is-nhsmail');
    // (a thing of its own, asked what it is and who it is for, is that thing)
    expect(answeredBy('what is a shared mailbox and who is it for')).to.equal('shared-mailbox');
  });

  it('reads help given for free as help, and NHSmail had for free as its cost', () => {
    expect(answeredBy('were a tiny team and totally stuck on the dspt questions, is there anyone local who helps with it for free')).to.equal('dspt-help');
    expect(answeredBy('do we get it for free')).to.equal('nhsmail-cost');
    expect(answeredBy('can we get nhsmail for free')).to.equal('nhsmail-cost');
  });

  it('reads an employer already on NHSmail as where the account comes from', () => {
    expect(answeredBy('our company already use nhsmail how i get account')).to.equal('already-on-nhsmail-org');
    expect(answeredBy('i work for a hospice that already uses nhsmail, how do i get an account')).to.equal('already-on-nhsmail-org');
    expect(answeredBy('we already use nhsmail, can we get extra accounts')).to.equal('more-than-10-accounts');
  });

  it('reads NHSmail wanted before the toolkit is done as a toolkit not done yet, and the level needed as the requirement', () => {
    expect(answeredBy('can we get nhsmail before dspt is done')).to.equal('dspt-not-done');
    expect(answeredBy('can we get nhsmail before the dspt is finished')).to.equal('dspt-not-done');
    expect(answeredBy('what dspt level do we need before we can have nhsmail')).to.equal('dspt-requirement');
  });

  it('reads "in plain terms" as how simply to put it, not the terms of use', () => {
    expect(answeredBy('manager keeps going on about the data security and protection toolkit. what is it in plain terms?')).to.equal('dspt-what-is');
    expect(answeredBy('what are the terms of use for nhsmail')).to.equal('acceptable-use-policy');
  });

  it('reads keeping an account from being switched off, and a provider managing it "themself"', () => {
    expect(answeredBy('how often i must login so account not switch off')).to.equal('inactivity');
    expect(answeredBy('can big company manage nhsmail themself')).to.equal('self-management');
  });

  it('says whether an entry\'s topic names all a question says (topicCovers)', () => {
    expect(search.topicCovers('who at a pharmacy does the registration', 'pharmacy-users')).to.equal(true);
    expect(search.topicCovers('how many users do they get', 'pharmacy-users')).to.equal(true);
    // (a word no entry's topic names, "supposed", and the service's name, name nothing)
    expect(search.topicCovers('who in the pharmacy is supposed to do the nhsmail registration', 'pharmacy-users')).to.equal(true);
    expect(search.topicCovers('what about a care home', 'pharmacy-users')).to.equal(false);
    expect(search.topicCovers('my account got deleted', 'disabled-account-retention')).to.equal(false);
  });

  it('answers what one named route is with that route, and reads "registration routes" as NHSmail\'s', () => {
    expect(answeredBy("what's the self management route")).to.equal('self-management');
    const outline = 'Before I start, could you outline the registration routes available? I would like to present the options to the partners at our next practice meeting.';
    expect(search.search(outline).kind).to.not.equal('offTopic');
    expect(firstShown(outline)).to.equal('registration-routes');
  });
});

describe('KnowledgeSearch: blind sets B134-B139 (the twentieth session)', () => {
  it('offers a leader standing well clear that the model backs, however little of a long message it covers', () => {
    const glasgow =
      'My deputy is moving up to run our sister project in Glasgow, supporting three young men with learning disabilities. Will the joining process you describe work for them up there or is it different?';
    expect(answeredBy(glasgow)).to.equal('unsure');
    expect(firstShown(glasgow)).to.equal('scotland');
    expect(firstShown('weve got forty five care homes do we have to register every single one separately')).to.equal('bulk-upload');
    // (another system's question is still refused)
    expect(answeredBy('whats the best way to register a new patient at the gp surgery')).to.equal('offTopic');
  });

  it('reads the NHSmail support people as the helpdesk, "nhs dot net" as NHSmail, and "quick one" as no count', () => {
    expect(answeredBy('do you have an email address for the nhs mail support people, i need to send them something')).to.equal('helpdesk-contacts');
    expect(firstShown('everyone keeps saying we need an nhs dot net address what even is that')).to.equal('what-is-nhsmail');
    expect(answeredBy('quick one, is there like a monthly fee per person for the nhs.net accounts or anything to pay upfront. boss asked me to find out')).to.equal('nhsmail-cost');
    expect(answeredBy('quick one, how many accounts do we get')).to.equal('account-allowance');
  });

  it('reads "stuck until it\'s done" of the toolkit as asking what to do while it is not done', () => {
    expect(answeredBy("boss wants nhs mail asap but we've not finished our data security toolkit, are we stuck until it's done?")).to.equal('dspt-not-done');
    // (waiting on something else is not the toolkit)
    expect(answeredBy('the account is locked, do i have to wait until its done')).to.equal('locked-out');
  });

  it('reads "use it or lose it" as an account closed when not used', () => {
    expect(answeredBy('sorry silly question, manager said "use it or lose it" about nhsmail, what does that actually mean, what do we need to do to keep the accounts alive')).to.equal('inactivity');
  });

  it('reads a paid thing as cost, a dentist for patients as no NHSmail question, and "pharm" as a pharmacy', () => {
    expect(answeredBy('data security toolkit is it a paid thing or what')).to.equal('dspt-what-is');
    expect(answeredBy('is nhsmail a paid service')).to.equal('nhsmail-cost');
    expect(answeredBy('How do I find an NHS dentist taking on new patients in my area?')).to.equal('offTopic');
    expect(answeredBy('how do we register a new patient for nhs dental treatment')).to.equal('offTopic');
    // (an NHS dentist joining NHSmail is still its question)
    expect(answeredBy('nhs dentist wanting nhs.net for all staff')).to.equal('dental-registration');
    expect(answeredBy('locum pharm register himself?')).to.equal('pharmacy-locum');
  });

  it('reads the national support team as the helpdesk', () => {
    expect(answeredBy('whats the email address for the national nhsmail support team')).to.equal('helpdesk-contacts');
  });
});

