// How the bot answers, over real HTTP: safety first, a person when asked (with a request carrying a redacted note),
// several questions in one message, and follow-ups that survive a restart because the last answer is kept in state.
import fs from 'node:fs';
import { expect } from 'chai';
import { HttpChat, botForSuite, metas, startBot } from './httpChat.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { keyOf, textOf } from '../support/replies.js';

const kinds = (replies: Parameters<typeof metas>[0]) => metas(replies).map((m) => String(m['kind']));
const answered = (replies: Parameters<typeof metas>[0]) => metas(replies).filter((m) => m['kind'] === 'answer').map((m) => m['entryId']);

describe('answers over HTTP', () => {
  const bot = botForSuite();

  const safetyCases: [string, string[]][] = [
    ["A resident has collapsed and isn't breathing", ['safety']],
    ['Should we ring 111?', ['safety']],
    ['service user unconsious on the floor what do i do', ['safety']],
    ['what dose of paracetamol can I give a resident with a temperature', ['safety']],
  ];
  for (const [q, want] of safetyCases) {
    it(`"${q}" gets the safety reply alone`, async () => {
      const replies = await new HttpChat(bot().baseUrl).send(q);
      expect(kinds(replies)).to.deep.equal(want);
      expect(keyOf(textOf(replies[0]))).to.equal('safety.text');
    });
  }

  it('a lockout asked to be undone by oneself gets resetting it yourself, before the request\'s first question', async () => {
    // (the lockout request's own entry led here while the search was unsure between the two; trained on the questions
    // people asked, examples.yaml, it is sure of the entry on unlocking it yourself)
    const replies = await new HttpChat(bot().baseUrl).send('its 3am on nights and im locked out, is there a way to unlock it myself');
    expect(kinds(replies)).to.deep.equal(['answer', 'selfService']);
    expect(answered(replies)).to.deep.equal(['self-service-password-reset']);
  });

  it('a scene, then what a thing it named is and how much work it is, gets what the thing is, once', async () => {
    // (asked apart, "what is it" lost the toolkit's definition among the scene's registering and managing, and "how much
    // work is it" was read as what NHSmail costs)
    const q = 'Registered manager here, quite new to the role. All the nhsmail info keeps mentioning the data security and protection toolkit, what is it and how much work is it?';
    expect(answered(await new HttpChat(bot().baseUrl).send(q))).to.deep.equal(['dspt-what-is']);
  });

  it('NHSmail said only to fail offers the commonest troubles, and a typed "1" picks the first', async () => {
    // (its two or three words once answered with the access process form, the entry they happened to cover)
    const chat = new HttpChat(bot().baseUrl);
    const replies = await chat.send('nhsmail not working');
    expect(kinds(replies)).to.deep.equal(['unsure']);
    expect(metas(replies)[0]?.['candidates']).to.deep.equal(['locked-out', 'mailbox-full', 'web-access']);
    expect(answered(await chat.send('1'))).to.deep.equal(['locked-out']);
  });

  it('an NHSmail question with alarming words is answered, not given the safety reply', async () => {
    const replies = await new HttpChat(bot().baseUrl).send("urgent!! I've forgotten my password and can't get into nhsmail");
    expect(kinds(replies)).to.not.include('safety');
  });

  it('a request for a person gets the contacts, and "yes" files a request that carries a redacted note of the earlier questions', async () => {
    const chat = new HttpChat(bot().baseUrl);
    await chat.send('what is an ODS code? my email is jane.smith@example.com');
    const person = await chat.send('can I speak to a real person');
    expect(kinds(person)).to.deep.equal(['person']);
    expect(textOf(person[0])).to.include('0333 200 1133').and.include('helpdesk@nhs.net').and.include('ODS code');
    expect(textOf(person[0])).to.not.include('jane.smith');
    await chat.send('yes');
    await chat.send('locked out');
    await chat.send('no'); // the self-service reset did not work
    for (const answer of ['Jane Smith', 'jane.smith@nhs.net', '07700 900123', 'Sunrise Care Home', 'V12345']) await chat.send(answer);
    const filed = await chat.send('send');
    const ref = metas(filed).find((m) => m['kind'] === 'requestFiled' || typeof m['ref'] === 'string')?.['ref'];
    expect(ref, JSON.stringify(filed.map(textOf))).to.be.a('string');
    const ticket = await bot().app.deps.helpdesk.service.store.get(String(ref));
    const note = ticket?.history[0]?.note ?? '';
    expect(note).to.include('ODS code');
    expect(note).to.not.include('jane.smith@example.com');
    // a follow-up straight after filing is read with the request's topic, not met with "did you mean"
    const after = await chat.send('how long will that take?');
    expect(kinds(after)).to.deep.equal(['answer']);
  });

  it('a request for a person that says what about gets the contacts first, and the offer\'s note carries what about, redacted', async () => {
    const chat = new HttpChat(bot().baseUrl);
    const person = await chat.send('can someone from the helpdesk ring me about our shared mailbox, my email is jane.smith@example.com');
    expect(kinds(person)).to.deep.equal(['person']);
    expect(metas(person)[0]).to.include({ note: true });
    expect(textOf(person[0])).to.include('0333 200 1133').and.include('shared mailbox');
    expect(textOf(person[0])).to.not.include('jane.smith');
    // a bare request says nothing to note
    const bare = await new HttpChat(bot().baseUrl).send('put me through to the helpdesk please');
    expect(kinds(bare)).to.deep.equal(['person']);
    expect(metas(bare)[0]).to.not.have.property('note');
  });

  it('answers each question in a message that asks two', async () => {
    const replies = await new HttpChat(bot().baseUrl).send('Does NHSmail cost anything and how many accounts does each site get?');
    expect(answered(replies)).to.deep.equal(['nhsmail-cost', 'account-allowance']);
  });

  it('answers the question before what a statement told first brings up, when the whole message is about the question', async () => {
    // the plan told first ("...and do the move ourselves") is answered too, after the checklists asked for
    const replies = await new HttpChat(bot().baseUrl).send('weve chosen to move all our homes onto nhsmail and do the move ourselves. is there a checklist for that');
    expect(answered(replies)).to.deep.equal(['migration-resources', 'migration-options']);
  });

  it('a question whose words settle the route gets the short answer first, then the route in one line, never the answer and a long card saying the same', async () => {
    const chat = new HttpChat(bot().baseUrl);
    const replies = await chat.send("I'm an independent midwife based in London, how do I get NHSmail?");
    expect(kinds(replies)).to.deep.equal(['answer', 'eligibility']);
    expect(metas(replies)[0]).to.include({ entryId: 'independent-midwives', lead: true });
    expect(metas(replies)[1]).to.include({ route: 'midwife-london', brief: true });
    const full = await chat.send('show our route');
    expect(kinds(full)).to.deep.equal(['eligibility']);
    expect(metas(full)[0]).to.include({ route: 'midwife-london' }).and.not.have.property('brief');
  });
});

describe('follow-ups across two instances on one PostgreSQL', () => {
  let db: TestDatabase | undefined;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('answers');
  });
  after(async () => db?.drop());

  it('reads a follow-up on the other instance with the last answer, and takes "yes" to a request offered there', async () => {
    const [a, b] = [await startBot(undefined, { DATABASE_URL: db!.url }), await startBot(undefined, { DATABASE_URL: db!.url })];
    try {
      const onA = new HttpChat(a.baseUrl);
      const onB = new HttpChat(b.baseUrl, onA.conversationId);
      expect(answered(await onA.send('what is an ods code?'))).to.deep.equal(['ods-code']);
      expect(answered(await onB.send('where do I find it'))).to.deep.equal(['ods-code']);
      expect(kinds(await onA.send('agent'))).to.deep.equal(['person']);
      const started = await onB.send('yes');
      expect(kinds(started), 'the request journey starts by asking which kind of request').to.not.include('person');
      expect(started.map(textOf).join(' ')).to.not.equal('');
    } finally {
      await a.close();
      await b.close();
      for (const bot of [a, b]) fs.rmSync(bot.dataDir, { recursive: true, force: true });
    }
  });
});
