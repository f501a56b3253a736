// Each request type through the dialog: valid answers, an invalid answer then a valid one, changing a detail at the summary, and cancelling.
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { CardActionSchema } from '../../cards/actions.js';
import { FIELD_ENTRIES, RequestDialog, idempotencyKey, questionKey } from '../../dialogs/RequestDialog.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { detectRequest, parseSummaryText } from '../../dialogs/requestText.js';
import { handleUsedSummaryCard } from '../../dialogs/usedSummaryCard.js';
import { detectMyRequests } from '../../dialogs/MyRequestsDialog.js';
import { FIELDS_BY_TYPE, TICKET_TYPES, askedFields, type FieldName, type FieldValue, type TicketType } from '../../helpdesk/model.js';
import { justificationMinWords, MAX_EXTRA_ACCOUNTS } from '../../helpdesk/validators.js';
import { metaOf, textOf } from '../support/replies.js';
import { harness, r, say, type DialogUnderTest, type Harness } from './requestHarness.js';
import { typeKey } from '../../cards/ticketCards.js';

const PHONE = r.t('contact.phone');
const camel = (t: TicketType) => typeKey(t);

/** What to type for each field, and what the ticket then holds. */
const ANSWERS: Record<FieldName, [typed: string, stored: FieldValue]> = {
  name: ['Jane Smith', 'Jane Smith'],
  newName: ['Jane Jones', 'Jane Jones'],
  email: ['Jane.Smith@nhs.net', 'jane.smith@nhs.net'],
  mobile: ['07700 900123', '+447700900123'],
  organisation: ['Sunrise Care Home', 'Sunrise Care Home'],
  odsCode: ['v12345', 'V12345'],
  leavingDate: ['31/01/2027', '2027-01-31'],
  movingTo: ['Meadow View Care', 'Meadow View Care'],
  extraAccounts: ['4', 4],
  justification: ['We opened a second unit with twelve new night staff who each need their own account', 'We opened a second unit with twelve new night staff who each need their own account'],
  existingInUse: ['yes', true],
  inUseNote: ['', null],
  sharedMailbox: ['sunrise.care@nhs.net', 'sunrise.care@nhs.net'],
  mailboxSize: ['4 GB, nearly full', '4 GB, nearly full'],
  seniorApproval: ['Sam Patel, registered manager', 'Sam Patel, registered manager'],
};

/** The questions asked for a type, answering ANSWERS (the mailbox is nearly full, so no senior approval is needed). */
const asked = (type: TicketType) => askedFields(type, { mailboxSize: ANSWERS.mailboxSize[1] });

/** Per type: one invalid answer (field, input, reply key) and one change made at the summary. */
const CASES: Record<TicketType, { invalid: [FieldName, string, string]; change: [FieldName, string, FieldValue] }> = {
  'locked-out': { invalid: ['mobile', '0161 496 0000', 'request.invalid.mobile.landline'], change: ['mobile', '+44 7700 900999', '+447700900999'] },
  leaver: { invalid: ['leavingDate', '01/01/2020', 'request.invalid.date.past'], change: ['movingTo', 'no', null] },
  'name-change': { invalid: ['email', 'jane@example', 'request.invalid.email.invalid'], change: ['newName', 'Jane Brown', 'Jane Brown'] },
  'extra-accounts': { invalid: ['justification', 'need more accounts', 'request.invalid.justification.tooShort'], change: ['extraAccounts', 'six', 6] },
  'shared-mailbox-access': { invalid: ['odsCode', 'V1234567', 'request.invalid.ods.invalid'], change: ['sharedMailbox', 'office.team@nhs.net', 'office.team@nhs.net'] },
  'deleted-account': { invalid: ['name', 'Jane', 'request.invalid.name.notFull'], change: ['organisation', 'Meadow View Care', 'Meadow View Care'] },
  'mailbox-size': { invalid: ['email', 'jane@example.com', 'request.invalid.email.notNhsmail'], change: ['justification', 'we have to keep scanned care plans', 'we have to keep scanned care plans'] },
};

const question = (type: TicketType, field: FieldName) => r.t(questionKey(type, field), { min: justificationMinWords(type) });
const invalid = (key: string, type?: TicketType) => r.t(key, { min: justificationMinWords(type), max: MAX_EXTRA_ACCOUNTS, phone: PHONE });
const texts = (replies: Partial<Activity>[]) => replies.map(textOf);
const last = <T>(xs: T[]) => xs[xs.length - 1];
const click = (op: 'confirm' | 'change' | 'cancel', nonce: unknown, field?: string): Partial<Activity> => ({
  type: 'message',
  value: { action: 'request', op, nonce, ...(field ? { field } : {}) },
});

/** Starts the journey for a type and gets to the first question (answering yes to any guidance first). */
async function start(h: Harness, type: TicketType) {
  const under = h.request({ requestType: type });
  const { client } = under;
  let replies = await say(client, 'hi');
  if (type === 'locked-out') {
    // self-service password reset is offered first; it did not work
    expect(metaOf(replies[0])).to.deep.equal({ kind: 'selfService', outcome: 'offered' });
    replies = await say(client, 'no');
    expect(texts(replies)[0]).to.equal(r.t('request.intro.lockedOut', { phone: PHONE }));
  } else if (type === 'mailbox-size') {
    expect(textOf(replies[0])).to.contain(r.t('request.intro.mailboxSize')).and.contain(r.t('request.mailbox.whoRuns'));
    replies = await say(client, 'the national helpdesk');
    expect(texts(replies)[0]).to.equal(r.t('request.mailbox.nasNext'));
  } else {
    expect(texts(replies)[0]).to.equal(r.t(`request.intro.${camel(type)}`, { phone: PHONE }));
  }
  if (type === 'shared-mailbox-access' || type === 'deleted-account') {
    replies = await say(client, 'yes');
  }
  expect(textOf(last(replies))).to.equal(question(type, asked(type)[0]!));
  return under;
}

/** Answers every field validly, checking each question, and returns the summary reply. */
async function answerAll(h: Harness, client: Awaited<ReturnType<typeof start>>['client'], type: TicketType) {
  const fields = asked(type);
  let replies: Partial<Activity>[] = [];
  for (const [i, field] of fields.entries()) {
    replies = await say(client, ANSWERS[field][0]);
    const next = fields[i + 1];
    if (next) expect(textOf(last(replies)), field).to.equal(question(type, next));
  }
  const summary = last(replies);
  expect(metaOf(summary)).to.include({ kind: 'requestSummary', type });
  return summary;
}

const expected = (type: TicketType) => Object.fromEntries(FIELDS_BY_TYPE[type].filter((f) => f === 'inUseNote' || asked(type).includes(f)).map((f) => [f, ANSWERS[f][1]]));

describe('RequestDialog', () => {
  let h: Harness;
  beforeEach(async () => (h = await harness()));
  afterEach(() => h.close());

  for (const type of TICKET_TYPES) {
    describe(type, () => {
      it('files a valid request and answers with the reference, what happens next and how long', async () => {
        const { client, updates } = await start(h, type);
        const summary = await answerAll(h, client, type);
        const replies = await say(client, click('confirm', metaOf(summary)['nonce']));
        const filed = last(replies);
        expect(metaOf(filed)).to.deep.include({ kind: 'requestFiled', ref: 'NHSM-000001', type });
        expect(textOf(filed)).to.contain(r.t(`request.next.${camel(type)}`, { phone: PHONE, ref: 'NHSM-000001' }));
        expect(textOf(filed)).to.contain(r.t(`request.time.${camel(type)}`, { phone: PHONE }));
        expect(client.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
        expect(updates.map((u) => u.id)).to.deep.equal([summary!.id]);
        const ticket = await h.store.get('NHSM-000001');
        expect(ticket?.fields).to.deep.equal(expected(type));
        expect(ticket?.requester).to.deep.include({ channelId: 'test', userId: 'user-1' });
      });

      it('says what is wrong with an invalid answer, asks again, and takes a valid one', async () => {
        const [field, bad, key] = CASES[type].invalid;
        const { client } = await start(h, type);
        const fields = asked(type);
        for (const f of fields.slice(0, fields.indexOf(field))) await say(client, ANSWERS[f][0]);
        expect(texts(await say(client, bad))).to.deep.equal([invalid(key, type), question(type, field)]);
        for (const f of fields.slice(fields.indexOf(field))) await say(client, ANSWERS[f][0]);
        const summary = client.dialogContext.activeDialog;
        expect(summary).to.not.equal(undefined);
        expect(await h.store.list({})).to.deep.equal({ tickets: [] });
      });

      it('changes a detail at the summary, and the old card can no longer file', async () => {
        const [field, typed, stored] = CASES[type].change;
        const { client, updates } = await start(h, type);
        const first = await answerAll(h, client, type);
        const oldNonce = metaOf(first)['nonce'];
        expect(texts(await say(client, click('change', oldNonce, field)))).to.deep.equal([question(type, field)]);
        expect(updates).to.have.length(1);
        const second = last(await say(client, typed));
        const newNonce = metaOf(second)['nonce'];
        expect(newNonce).to.be.a('string').and.not.equal(oldNonce);
        expect(texts(await say(client, click('confirm', oldNonce)))).to.deep.equal([r.t('request.summary.stale'), r.t('request.summary.typeHint')]);
        expect((await h.store.count())).to.equal(0);
        await say(client, click('confirm', newNonce));
        expect((await h.store.get('NHSM-000001'))?.fields).to.deep.equal({ ...expected(type), [field]: stored });
      });

      it('cancels from the summary without filing anything', async () => {
        const { client, updates } = await start(h, type);
        const summary = await answerAll(h, client, type);
        expect(texts(await say(client, click('cancel', metaOf(summary)['nonce'])))).to.deep.equal([r.t('request.cancelled')]);
        expect(client.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
        expect(updates).to.have.length(1);
        expect(await h.store.count()).to.equal(0);
      });
    });
  }

  it('counts self-service resets that were enough in an info event without personal details, and files nothing', async () => {
    const logged: unknown[] = [];
    const logger = { info: (...args: unknown[]) => void logged.push(args) };
    const { client } = h.client(new RequestDialog(h.interrupts, { service: h.service, logger: logger as never }), { requestType: 'locked-out', opener: "I'm Jane Smith, locked out of jane.smith@nhs.net" });
    const offered = await say(client, 'hi');
    expect(metaOf(offered[0])).to.deep.equal({ kind: 'selfService', outcome: 'offered' });
    const solved = await say(client, "yes, I'm back in");
    expect(texts(solved)).to.deep.equal([r.t('request.selfService.solved')]);
    expect(metaOf(solved[0])).to.deep.equal({ kind: 'selfService', outcome: 'solved' });
    expect(logged).to.deep.equal([[{ event: 'selfServiceReset', outcome: 'solved' }, 'self-service password reset outcome']]);
    expect(JSON.stringify(logged)).to.not.match(/jane/i);
    expect(await h.store.count()).to.equal(0);
  });

  it('asks for the type when none is given, taking a typed choice', async () => {
    const { client } = h.request({});
    const first = await say(client, 'hi');
    expect(textOf(first[0])).to.contain(r.t('request.typePrompt'));
    const replies = await say(client, 'my name has changed');
    expect(textOf(replies[0])).to.equal(r.t('request.intro.nameChange'));
    expect(textOf(last(replies))).to.equal(question('name-change', 'name'));
  });

  it('explains the choices when the person is not sure', async () => {
    const { client } = h.request({});
    await say(client, 'hi');
    const replies = await say(client, "I'm not sure");
    expect(textOf(replies[0])).to.equal(r.t('request.typeNotSure', { phone: PHONE }));
    expect(textOf(replies[1])).to.contain(r.t('request.typeRetry'));
  });

  it('gives the phone number and stops when a lost shared mailbox is not to be recorded', async () => {
    const { client } = h.request({ requestType: 'shared-mailbox-access' });
    await say(client, 'hi');
    expect(texts(await say(client, 'no'))).to.deep.equal([r.t('request.phoneOnly', { phone: PHONE })]);
    expect(client.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
  });

  it('gives deleted-account guidance first and stops if they have not tried signing in', async () => {
    const { client } = h.request({ requestType: 'deleted-account' });
    const first = await say(client, 'hi');
    expect(texts(first)[0]).to.equal(r.t('request.intro.deletedAccount'));
    expect(texts(await say(client, 'no'))).to.deep.equal([r.t('request.deletedTryFirst')]);
    expect((await h.store.count())).to.equal(0);
  });

  it('takes typed commands at the summary: change mobile, then send', async () => {
    const { client } = await start(h, 'locked-out');
    await answerAll(h, client, 'locked-out');
    expect(texts(await say(client, 'change'))).to.deep.equal([r.t('request.summary.which')]);
    expect(texts(await say(client, 'change mobile number'))).to.deep.equal([question('locked-out', 'mobile')]);
    await say(client, '07700 900555');
    const filed = last(await say(client, 'send'));
    expect(metaOf(filed)['ref']).to.equal('NHSM-000001');
    expect((await h.store.get('NHSM-000001'))?.fields.mobile).to.equal('+447700900555');
  });

  it('never keeps a typed password: warned, asked again, absent from state and store', async () => {
    const { client, storedState } = await start(h, 'extra-accounts');
    for (const f of ['name', 'email', 'mobile', 'organisation', 'odsCode', 'extraAccounts'] as const) await say(client, ANSWERS[f][0]);
    const secret = 'We need more staff accounts and my password is Hunter2!xyz so please hurry up with it';
    expect(texts(await say(client, secret))).to.deep.equal([r.t('request.invalid.secret'), question('extra-accounts', 'justification')]);
    const midway = JSON.stringify(await storedState());
    expect(midway, 'the journey is saved with the answers so far').to.contain(ANSWERS.name[0]);
    expect(midway).to.not.contain('Hunter2');
    await say(client, ANSWERS.justification[0]);
    const summary = last(await say(client, 'yes'));
    await say(client, click('confirm', metaOf(summary)['nonce']));
    const state = JSON.stringify(await storedState());
    expect(state, 'the state was saved').to.contain('dialogStack');
    expect(state).to.not.contain('Hunter2');
    expect(JSON.stringify(await h.store.get('NHSM-000001'))).to.not.contain('Hunter2');
  });

  it('hands the message back to the root when its summary was filed but the saved state lagged behind', async () => {
    const { client } = await start(h, 'locked-out');
    const summary = await answerAll(h, client, 'locked-out');
    const nonce = String(metaOf(summary)['nonce']);
    await h.service.file({ type: 'locked-out', fields: expected('locked-out'), requester: { channelId: 'test', userId: 'user-1' }, idempotencyKey: idempotencyKey({ channelId: 'test', conversation: { id: 'conv-user-1' } } as never, nonce) });
    expect(await say(client, 'status of NHSM-000001')).to.deep.equal([]);
    expect(client.dialogTurnResult).to.deep.include({ status: DialogTurnStatus.complete, result: { reroute: true } });
  });

  it('files once when the confirm button arrives twice, and says the reference the second time', async () => {
    const { client } = await start(h, 'leaver');
    const summary = await answerAll(h, client, 'leaver');
    const click1 = click('confirm', metaOf(summary)['nonce']);
    await say(client, click1);
    // the journey has ended: the root hands the repeat to handleUsedSummaryCard
    const { client: root } = h.client(new UsedCardProbe(h));
    expect(texts(await say(root, click1))).to.deep.equal([r.t('request.filed.already', { ref: 'NHSM-000001' })]);
    expect(texts(await say(root, click('confirm', 'some-other-nonce')))).to.deep.equal([r.t('request.summary.stale')]);
    expect((await h.store.count())).to.equal(1);
  });

  describe('keeps no card in the conversation state, only what draws it', () => {
    // measured before the cards were drawn when shown: 4,059, 2,291, 2,665 and 3,565 bytes
    const stored = async (under: DialogUnderTest) => {
      const json = JSON.stringify(await under.storedState());
      expect(json, 'the state was saved').to.contain('dialogStack');
      expect(json).not.to.include('AdaptiveCard').and.not.to.include('application/vnd.microsoft.card').and.not.to.include('attachments');
      return json;
    };

    it('at the type choice: the choices it recognises against', async () => {
      const under = h.request({});
      const [card] = await say(under.client, 'hi');
      expect(card?.attachments?.[0]?.contentType).to.equal('application/vnd.microsoft.card.hero');
      const json = await stored(under);
      expect(json).to.include('"value":"locked-out"').and.not.to.include(r.t('request.typePrompt'));
      expect(json.length).to.be.below(2300);
      // typed and clicked answers are read against the kept choices as before
      expect(textOf((await say(under.client, 'My name has changed'))[0])).to.equal(r.t('request.intro.nameChange'));
    });

    it('at the self-service and mailbox admin questions: the line the card leads with', async () => {
      for (const [requestType, leadKey] of [
        ['locked-out', 'request.selfService.offer'],
        ['mailbox-size', 'request.intro.mailboxSize'],
      ] as const) {
        const under = h.request({ requestType }, requestType);
        const [card] = await say(under.client, 'hi');
        expect(card?.attachments?.[0]?.contentType, requestType).to.equal('application/vnd.microsoft.card.adaptive');
        const json = await stored(under);
        expect(json, requestType).to.include(`"leadKey":"${leadKey}"`);
        expect(json.length, requestType).to.be.below(900);
      }
    });

    it('at the summary: its one-time id and the details', async () => {
      const under = await start(h, 'leaver');
      const summary = await answerAll(h, under.client, 'leaver');
      const json = await stored(under);
      expect(json).to.include(`"nonce":"${String(metaOf(summary)['nonce'])}"`).and.include(ANSWERS.movingTo[0]);
      expect(json.length).to.be.below(1400);
      // shown again after an interruption, the card is drawn again with the same one-time id
      const again = last(await say(under.client, 'help'));
      expect(metaOf(again)).to.deep.include({ kind: 'requestSummary', nonce: metaOf(summary)['nonce'] });
    });
  });

  describe('shows a prompt saved before its cards were drawn (options with their activities) as it was kept', () => {
    /** Rewrites the prompt on screen as the earlier version saved it: its activities and no `validations` to draw from. */
    async function keptAsBefore(under: DialogUnderTest, kept: Record<string, unknown>) {
      const state = (await under.storedState()) as { DialogState: { dialogStack: { state: { dialogs: { dialogStack: { id: string; state: { options: Record<string, unknown> } }[] } } }[] } };
      const onScreen = last(state.DialogState.dialogStack[0]!.state.dialogs.dialogStack)!;
      const { validations: _drawnFrom, ...options } = onScreen.state.options;
      onScreen.state.options = { ...options, ...kept };
      await under.writeState(state);
      return onScreen.id;
    }

    it('the type choice, its retry also when the validator refuses an answer itself', async () => {
      const under = h.request({});
      await say(under.client, 'hi');
      const old = { type: 'message', text: 'Which request? (as kept)', inputHint: 'expectingInput' };
      expect(await keptAsBefore(under, { prompt: old, retryPrompt: { ...old, text: 'Choose one. (as kept)' } })).to.equal('request.typePrompt');
      expect(texts(await say(under.client, 'banana'))).to.deep.equal(['Choose one. (as kept)']);
      expect(texts(await say(under.client, "I'm not sure"))).to.deep.equal([r.t('request.typeNotSure', { phone: PHONE }), 'Choose one. (as kept)']);
      expect(textOf(last(await say(under.client, 'help')))).to.equal('Which request? (as kept)');
      expect(textOf((await say(under.client, 'my name has changed'))[0])).to.equal(r.t('request.intro.nameChange'));
    });

    it('the self-service question and the summary', async () => {
      const under = h.request({ requestType: 'locked-out' });
      await say(under.client, 'hi');
      expect(await keptAsBefore(under, { prompt: { type: 'message', text: 'Did the reset work? (as kept)' }, retryPrompt: 'Yes or no? (as kept)' })).to.equal('request.selfServicePrompt');
      expect(texts(await say(under.client, 'banana'))).to.deep.equal(['Yes or no? (as kept)']);
      expect(textOf(last(await say(under.client, 'help')))).to.equal('Did the reset work? (as kept)');
      expect(texts(await say(under.client, 'no'))[0]).to.equal(r.t('request.intro.lockedOut', { phone: PHONE }));

      const summary = await answerAll(h, under.client, 'locked-out');
      expect(await keptAsBefore(under, { prompt: { type: 'message', text: 'Check your request (as kept)' }, validations: { nonce: metaOf(summary)['nonce'], type: 'locked-out' } })).to.equal('request.summaryPrompt');
      expect(textOf(last(await say(under.client, 'help')))).to.equal('Check your request (as kept)');
      expect(metaOf(last(await say(under.client, click('confirm', metaOf(summary)['nonce']))))['ref']).to.equal('NHSM-000001');
    });
  });
});

/** Stands in for the root dialog: passes every turn to handleUsedSummaryCard. */
class UsedCardProbe extends Dialog {
  constructor(private readonly h: Harness) {
    super('probe');
  }
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const action = CardActionSchema.safeParse(dc.context.activity.value);
    await handleUsedSummaryCard(dc.context, action.success ? action.data : undefined, { service: this.h.service, replies: r });
    return dc.endDialog();
  }
}

describe('the entries about request details', () => {
  it('names entries the knowledge base has, each about the detail it is kept for', () => {
    const kb = loadKnowledge();
    for (const [field, id] of Object.entries(FIELD_ENTRIES)) {
      const entry = kb.byId.get(id as string);
      expect(entry, `${field} -> ${id}`).to.not.equal(undefined);
      expect(TICKET_TYPES.some((t) => askedFields(t, {}).includes(field as FieldName)), `${field} is asked in some request`).to.equal(true);
    }
  });
});

describe('MyRequestsDialog', () => {
  let h: Harness;
  beforeEach(async () => (h = await harness()));
  afterEach(() => h.close());

  it('shows status, history and next step to the requester, and "not found" to anyone else', async () => {
    const { ticket } = await h.service.file({ type: 'locked-out', fields: expected('locked-out'), requester: { channelId: 'test', userId: 'user-1' } });
    await h.service.change(ticket.ref, { status: 'waiting-on-requester', note: 'Which site are you at?' }, 'Sam');
    const own = await say(h.myRequests({ ref: ticket.ref }).client, 'status');
    expect(metaOf(own[0])).to.deep.include({ kind: 'requestStatus', ref: ticket.ref, status: 'waiting-on-requester' });
    expect(textOf(own[0])).to.contain(r.t('request.statusName.waitingOnRequester')).and.contain('Which site are you at?');
    const other = await say(h.myRequests({ ref: ticket.ref }, 'user-2').client, 'status');
    expect(texts(other)).to.deep.equal([r.t('request.status.notFound', { ref: ticket.ref })]);
    const missing = await say(h.myRequests({ ref: 'NHSM-000999' }).client, 'status');
    expect(texts(missing)).to.deep.equal([r.t('request.status.notFound', { ref: 'NHSM-000999' })]);
  });

  it('lists only the requester’s own requests', async () => {
    await h.service.file({ type: 'leaver', fields: expected('leaver'), requester: { channelId: 'test', userId: 'user-1' } });
    await h.service.file({ type: 'leaver', fields: expected('leaver'), requester: { channelId: 'test', userId: 'user-2' } });
    const mine = await say(h.myRequests({}).client, 'my requests');
    expect(metaOf(mine[0])).to.deep.include({ kind: 'requestList', refs: ['NHSM-000001'] });
    expect(texts(await say(h.myRequests({}, 'user-3').client, 'my requests'))).to.deep.equal([r.t('request.mine.none')]);
  });
});

describe('detecting requests in plain text', () => {
  const cases: [string, ReturnType<typeof detectRequest>][] = [
    ["I'm locked out", { requestType: 'locked-out' }],
    ['im locked out of nhsmail', { requestType: 'locked-out' }],
    ['please reset my password', { requestType: 'locked-out' }],
    ['please mark me as a leaver', { requestType: 'leaver' }],
    ['please mark our carer Jane Smith as a leaver', { requestType: 'leaver' }],
    ["I'm leaving on Friday", { requestType: 'leaver' }],
    ["I'm moving to another care provider", { requestType: 'leaver' }],
    ["I've changed my name", { requestType: 'name-change' }],
    ['my surname has changed', { requestType: 'name-change' }],
    ['we need more than 10 accounts', { requestType: 'extra-accounts' }],
    ['need 5 more accounts for the new unit', { requestType: 'extra-accounts' }],
    ['we have lost access to our shared mailbox', { requestType: 'shared-mailbox-access' }],
    // the team's mailbox, which no password reset opens, is no lockout of one's own account
    ["We're completely locked out of the home's shared account.", { requestType: 'shared-mailbox-access' }],
    ['we cant get into the shared inbox since the manager left', { requestType: 'shared-mailbox-access' }],
    ['my account has been deactivated', { requestType: 'deleted-account' }],
    ['My mailbox is full, can I get more space?', { requestType: 'mailbox-size' }],
    ['our recoverable items folder is full', { requestType: 'mailbox-size' }],
    ['I need a bigger mailbox', { requestType: 'mailbox-size' }],
    ['I got married, my name is now Emma Clarke (was Emma Dunn)', { requestType: 'name-change' }],
    ['raise a request', {}],
    ['Raise a helpdesk request', {}],
    ['can I raise a ticket?', {}],
    // questions stay with the knowledge base
    ["how long until a leaver's account is deleted", undefined],
    ['what happens when I leave', undefined],
    ['how do I reset my password?', undefined],
    ['can we have more than 10 accounts?', undefined],
    ["i'm leaving my job what happens to my nhsmail", undefined],
    ['what is a shared mailbox', undefined],
    ['what is the mailbox size limit?', undefined],
    ['how do I get a CQC contact ID', undefined],
  ];
  // the opening message travels with the request, so details in it are not asked for again
  for (const [text, want] of cases) it(`${JSON.stringify(text)} -> ${JSON.stringify(want)}`, () => expect(detectRequest(text)).to.deep.equal(want && { ...want, opener: text }));

  const mine: [string, ReturnType<typeof detectMyRequests>][] = [
    ["what's the status of NHSM-000123", { ref: 'NHSM-000123' }],
    ['nhsm-42?', { ref: 'NHSM-000042' }],
    ['my requests', {}],
    ['any news on my ticket', {}],
    ['how do I raise a request', undefined],
  ];
  for (const [text, want] of mine) it(`${JSON.stringify(text)} -> ${JSON.stringify(want)}`, () => expect(detectMyRequests(text)).to.deep.equal(want));

  const summary: [string, TicketType, ReturnType<typeof parseSummaryText>][] = [
    ['Send', 'locked-out', { op: 'confirm' }],
    ['looks good!', 'locked-out', { op: 'confirm' }],
    ['change mobile', 'locked-out', { op: 'change', field: 'mobile' }],
    ['edit the new name', 'name-change', { op: 'change', field: 'newName' }],
    ['change name', 'name-change', { op: 'change', field: 'name' }],
    ['ods code', 'leaver', { op: 'change', field: 'odsCode' }],
    ['change leaving date', 'leaver', { op: 'change', field: 'leavingDate' }],
    ['change the weather', 'leaver', { op: 'which' }],
    ['hello', 'leaver', undefined],
  ];
  for (const [text, type, want] of summary) it(`summary: ${JSON.stringify(text)} (${type}) -> ${JSON.stringify(want)}`, () => expect(parseSummaryText(text, type)).to.deep.equal(want));
});
