// The eligibility check over real HTTP: a whole journey, the welcome button, a knowledge-base question, and a restart.
import fs from 'node:fs';
import { expect } from 'chai';
import { botForSuite, HttpChat, metas, startBot, type ReplyActivity } from './httpChat.js';

const last = (replies: ReplyActivity[]) => metas(replies).at(-1) ?? {};

describe('eligibility over HTTP', () => {
  const running = botForSuite();

  it('runs a whole journey from a bare opening to the outcome card', async () => {
    const chat = new HttpChat(running().baseUrl);
    const script: [string, string][] = [
      ['how do I get NHSmail', 'country'],
      ['England', 'org-type'],
      ['dental practice', 'sites-dental'],
      ['35', 'support'],
      ['neither', ''],
    ];
    let replies: ReplyActivity[] = [];
    for (const [say, nextQuestion] of script) {
      replies = await chat.send(say);
      if (nextQuestion) expect(last(replies)).to.include({ kind: 'eligibilityQuestion', questionId: nextQuestion });
    }
    const outcome = last(replies);
    expect(outcome).to.include({ kind: 'eligibility', route: 'dental-bulk-upload', eligible: true });
    const card = replies.at(-1)?.attachments?.[0];
    expect(card?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card?.content)).to.include('Dental bulk upload request');
  });

  it('starts from the welcome button and takes answer buttons', async () => {
    const chat = new HttpChat(running().baseUrl);
    expect(last(await chat.send({ value: { action: 'start', flow: 'eligibility' } }))).to.include({ questionId: 'country' });
    expect(last(await chat.send({ value: { action: 'choose', value: 'Scotland' } }))).to.include({ route: 'scotland' });
  });

  it('leaves ordinary questions to the knowledge base', async () => {
    const chat = new HttpChat(running().baseUrl);
    expect(last(await chat.send('what is an ODS code?'))).to.include({ kind: 'answer', entryId: 'ods-code' });
  });

  it('answers first a question typed in text-speak or told after another party, then starts the check', async () => {
    const kinds = async (text: string) => metas(await new HttpChat(running().baseUrl).send(text)).map((m) => [m['kind'], m['entryId']].filter(Boolean).join(':'));
    expect(await kinds('r domiciliary care companys eligible for nhs mail')).to.deep.equal(['answer:care-provider-eligibility', 'eligibilityQuestion']);
    // (the GP surgery wanting them on NHSmail is not the writer's organisation: the pharmacy's answer, not an NHS staff route)
    const pharmacy = 'independent phamracy owner, the gp surgery is fed up w us ringing about prescription queries and wants us on nhs.net. how does a community pharmacy sign up for nhsmail';
    expect((await kinds(pharmacy))[0]).to.equal('answer:pharmacy-registration');
  });

  it('answers a question mid-check and carries on', async () => {
    const chat = new HttpChat(running().baseUrl);
    await chat.send('we are a care home in Leeds, CQC registered');
    const detour = metas(await chat.send('what is an ODS code?'));
    expect(detour.map((m) => m['kind'])).to.deep.equal(['answer', 'eligibilityQuestion']);
    expect(detour[1]).to.include({ questionId: 'dspt' });
  });

  it('refuses a stale answer button politely once the check is over', async () => {
    const chat = new HttpChat(running().baseUrl);
    const replies = await chat.send({ value: { action: 'choose', value: 'Yes' } });
    expect(metas(replies).at(-1)).to.include({ kind: 'welcome' });
  });
});

describe('eligibility across a restart', () => {
  it('continues an unfinished journey after the server is recreated on the same DATA_DIR', async () => {
    const first = await startBot();
    const conversationId = `restart-${Date.now()}`;
    try {
      const before = await new HttpChat(first.baseUrl, conversationId).send('we run 3 care homes in Leeds, CQC registered, DSPT approaching standards');
      expect(last(before)).to.include({ questionId: 'support' });
    } finally {
      await first.close();
    }
    const second = await startBot(first.dataDir);
    try {
      const chat = new HttpChat(second.baseUrl, conversationId);
      expect(last(await chat.send('back'))).to.include({ questionId: 'support' });
      expect(last(await chat.send('our own IT team'))).to.include({ kind: 'eligibility', route: 'care-self-management' });
    } finally {
      await second.close();
      fs.rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
