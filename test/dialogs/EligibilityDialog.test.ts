// The eligibility dialog through DialogTestClient: typed answers, buttons, back, not sure, detours, prefilled facts.
import { expect } from 'chai';
import { ConversationState, MemoryStorage, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { ELIGIBILITY_MEMORY, EligibilityDialog, eligibilityJourney, MEMORY_MINUTES, type EligibilityMemory, type EligibilityOptions } from '../../dialogs/EligibilityDialog.js';
import { RootDialog } from '../../dialogs/RootDialog.js';
import { FaqResponder, type FaqMemory } from '../../dialogs/FaqResponder.js';
import { Menu } from '../../dialogs/Menu.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { nationReader } from '../../knowledge/eligibility/nations.js';
import { IntentMatcher } from '../../knowledge/intents.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { KnowledgeSearch } from '../../knowledge/search.js';
import { label } from '../support/replies.js';

const kb = loadKnowledge();
const r = kb.replies;
const search = new KnowledgeSearch(kb.entries, kb.lexicon);
const intents = IntentMatcher.load();
const content = defaultEligibility();


function client(options: EligibilityOptions = {}, channelId = 'test') {
  const conversationState = new ConversationState(new MemoryStorage());
  const faq = new FaqResponder({ kb, search, intents, memory: conversationState.createProperty<FaqMemory>('faq'), nations: nationReader(content) });
  const dialog = new EligibilityDialog({ intents, replies: r, menu: new Menu(r), faq, content });
  return new DialogTestClient(channelId, dialog, options, [], conversationState);
}

const choose = (value: string) => ({ type: 'message', value: { action: 'choose', value } }) as Partial<Activity>;

type Say = string | Partial<Activity>;
interface Case {
  name: string;
  options?: EligibilityOptions;
  /** each turn: what the user sends and the labels of the replies, in order */
  turns: [Say, string[]][];
}

const START = ['text:eligibility.intro', 'q:country'];

const CASES: Case[] = [
  {
    name: 'typed answers, from a bare start to the NAS portal',
    turns: [
      ['how do I get NHSmail', START],
      ['England', ['q:org-type']],
      ['care home', ['q:cqc']],
      ['yes', ['q:dspt']],
      ['approaching standards', ['q:sites']],
      ['three', ['q:support']],
      ['neither', ['route:care-nas']],
    ],
  },
  {
    name: 'buttons, the same journey',
    turns: [
      ['start', START],
      [choose('England'), ['q:org-type']],
      [choose(r.t('eligibility.choice.orgType.careProvider')), ['q:cqc']],
      [choose(r.t('eligibility.choice.yes')), ['q:dspt']],
      [choose(r.t('eligibility.choice.dspt.met')), ['q:sites']],
      ['31', ['q:support']],
      [choose(r.t('eligibility.choice.support.neither')), ['route:care-bulk-upload']],
    ],
  },
  {
    name: 'back takes the last answer away and asks again',
    turns: [
      ['start', START],
      ['England', ['q:org-type']],
      ['care home', ['q:cqc']],
      ['yes', ['q:dspt']],
      ['back', ['text:eligibility.backDone', 'q:cqc']],
      [choose(r.t('eligibility.choice.back')), ['text:eligibility.backDone', 'q:org-type']],
      ['dentist', ['q:sites-dental']],
      ['21', ['q:support']],
      ['our own IT team', ['route:dental-self-management']],
    ],
  },
  {
    name: 'back at the first question',
    turns: [
      ['start', START],
      ['back', ['text:eligibility.backAtStart', 'q:country']],
      ['scotland', ['route:scotland']],
    ],
  },
  {
    name: '"not sure" explains once; a second one carries on with the safest assumption and says which',
    turns: [
      ['start', START],
      ['England', ['q:org-type']],
      ['nursing home', ['q:cqc']],
      ['not sure', ['text:eligibility.unsure.cqc', 'q:cqc']],
      ["I don't know", ['text:eligibility.assume.cqc', 'q:dspt']],
      [choose(r.t('eligibility.choice.unsure')), ['text:eligibility.unsure.dspt', 'q:dspt']],
      ['no idea', ['text:eligibility.assume.dspt', 'q:sites']],
      ['1', ['q:sponsor']],
      ['no', ['route:care-nas']],
    ],
  },
  {
    name: 'an answer it cannot read is asked again, with a word on what it takes',
    turns: [
      ['start', START],
      ['banana', ['q:country']],
      ['England', ['q:org-type']],
      ['pharmacy', ['q:pharmacy-kind']],
      ['hmm', ['q:pharmacy-kind']],
      ['locum', ['route:pharmacy-locum']],
    ],
  },
  {
    name: 'a question for the knowledge base mid-check is answered, then the check resumes',
    turns: [
      ['start', START],
      ['England', ['q:org-type']],
      ['care home', ['q:cqc']],
      ['yes', ['q:dspt']],
      ['what is an ODS code?', ['answer:ods-code', 'q:dspt']],
      ['met', ['q:sites']],
    ],
  },
  {
    name: 'facts from the opening are not asked again',
    options: { facts: { orgType: 'care-provider', sites: 3, country: 'england', cqcRegistered: true, dspt: 'approaching' } },
    turns: [
      ['we run 3 care homes in Leeds, CQC registered, DSPT approaching standards', ['text:eligibility.intro', 'text:eligibility.understood', 'q:support']],
      ['no', ['route:care-nas']],
    ],
  },
  {
    name: 'an opening that decides everything goes straight to the outcome',
    options: { facts: { orgType: 'gp-locum', country: 'england' } },
    turns: [["I'm a GP locum in Manchester", ['text:eligibility.intro', 'text:eligibility.understood', 'route:gp-locum']]],
  },
  {
    name: 'facts given on the way fill later questions',
    turns: [
      ['start', START],
      ['England', ['q:org-type']],
      ['care home', ['q:cqc']],
      ['yes, we have 4 homes and our own IT team', ['q:dspt']],
      ['standards met', ['route:care-self-management']],
    ],
  },
  {
    name: 'start over restarts the check',
    turns: [
      ['start', START],
      ['England', ['q:org-type']],
      ['start over', START],
    ],
  },
  {
    name: 'help shows the help text and asks again',
    turns: [
      ['start', START],
      ['help', ['text:help.text', 'q:country']],
    ],
  },
  {
    name: 'cancel stops the check',
    turns: [
      ['start', START],
      ['cancel', ['text:cancel.done']],
    ],
  },
  {
    name: 'a midwife outside London',
    turns: [
      ['start', START],
      ['england', ['q:org-type']],
      ['independent midwife', ['q:london']],
      ['no, Manchester', ['route:midwife-regional']],
    ],
  },
];

describe('EligibilityDialog', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const test = client(c.options);
      for (const [say, expected] of c.turns) {
        const got: string[] = [];
        let reply = await test.sendActivity(say);
        while (reply) {
          got.push(label(reply));
          reply = test.getNextReply();
        }
        expect(got, `after ${JSON.stringify(say)}`).to.deep.equal(expected);
      }
    });
  }

  it('keeps no question card in the conversation state, only which question is on screen', async () => {
    const memory: Record<string, string> = {};
    const conversationState = new ConversationState(new MemoryStorage(memory));
    const faq = new FaqResponder({ kb, search, intents, memory: conversationState.createProperty<FaqMemory>('faq'), nations: nationReader(content) });
    const test = new DialogTestClient('test', new EligibilityDialog({ intents, replies: r, menu: new Menu(r), faq, content }), {}, [], conversationState);
    await test.sendActivity('start');
    const question = test.getNextReply();
    expect(question.attachments ?? []).to.have.length(1);
    const stored = Object.values(memory).join('');
    expect(stored).to.include('"questionId":"country"').and.not.to.include('attachments');
    expect(stored.length).to.be.below(1500);
  });

  it('tells why it did not understand, on the retried question', async () => {
    const test = client();
    await test.sendActivity('start');
    test.getNextReply();
    const retry = await test.sendActivity('banana');
    expect(retry.summary).to.include(r.t('eligibility.notUnderstood'));
  });

  it('shows plain text with numbered choices where cards are not supported', async () => {
    const test = client({}, 'sms');
    const intro = await test.sendActivity('start');
    expect(intro.text).to.equal(r.t('eligibility.intro'));
    const question = test.getNextReply();
    expect(question.attachments ?? []).to.have.length(0);
    expect(question.text).to.include(r.t('eligibility.q.country')).and.include('1. England');
    const outcome = await test.sendActivity('2');
    expect(outcome.text).to.include(r.t('eligibility.route.scotland.title')).and.include('nhsmail.scotland@nhs.net');
  });

  it('ends with the route as its result', async () => {
    const test = client({ facts: { country: 'scotland' } });
    await test.sendActivity('hello from Glasgow');
    expect(test.dialogTurnResult.status).to.equal('complete');
    expect(test.dialogTurnResult.result).to.deep.equal({ route: 'scotland' });
  });
});

describe('EligibilityDialog after the outcome', () => {
  /** A root with the check wired as bot/app.ts wires it, its memory on a clock the test moves. */
  function rootClient() {
    const clock = { now: Date.parse('2026-11-30T09:00:00Z') };
    const conversationState = new ConversationState(new MemoryStorage());
    const faq = new FaqResponder({ kb, search, intents, memory: conversationState.createProperty<FaqMemory>('faq'), nations: nationReader(content) });
    const interrupts = { intents, replies: r, menu: new Menu(r), faq };
    const memory = conversationState.createProperty<EligibilityMemory | undefined>(ELIGIBILITY_MEMORY);
    const dialog = new EligibilityDialog({ ...interrupts, content, memory, now: () => clock.now });
    const test = new DialogTestClient('test', new RootDialog(interrupts, [eligibilityJourney(dialog, content)]), undefined, [], conversationState);
    return { test, clock };
  }
  async function labels(test: DialogTestClient, say: string): Promise<string[]> {
    const got: string[] = [];
    let reply = await test.sendActivity(say);
    while (reply) {
      got.push(label(reply));
      reply = test.getNextReply();
    }
    return got;
  }
  const OPENING = "I'm the practice manager of a single dental practice in Bristol, how do we sign up?";

  it('a change of mind re-runs the decision with the facts kept from the check', async () => {
    const { test } = rootClient();
    expect(await labels(test, OPENING)).to.include('q:sponsor');
    expect(await labels(test, 'no')).to.deep.equal(['route:dental-nas']);
    expect(await labels(test, 'actually we have 37 practices and want NAS')).to.deep.equal(['text:eligibility.changed', 'route:dental-bulk-upload']);
  });

  it('a fact that changes nothing and a question about something else are left to the rest of the bot', async () => {
    const { test } = rootClient();
    await labels(test, OPENING);
    await labels(test, 'no');
    expect(await labels(test, "we're in Bristol")).to.not.include('text:eligibility.changed');
    expect(await labels(test, 'how many accounts does each practice get?')).to.not.include('text:eligibility.changed');
  });

  it(`forgets the facts ${MEMORY_MINUTES} minutes after the outcome`, async () => {
    const { test, clock } = rootClient();
    await labels(test, OPENING);
    await labels(test, 'no');
    clock.now += (MEMORY_MINUTES + 1) * 60_000;
    const got = await labels(test, 'actually we have 37 practices and want NAS');
    expect(got).to.not.include('text:eligibility.changed');
    expect(got.some((l) => l.startsWith('route:'))).to.equal(false);
  });
});
