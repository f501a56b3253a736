// The insights page over what the bot itself recorded: real conversations over HTTP (answers, a refusal, an emergency,
// a "not helpful", an eligibility check), then the page in Chromium shows exactly those counts for today, with axe clean.
import { expect } from 'chai';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { HttpChat, metas } from '../httpChat.js';
import { describeViolations, launchChromium, screenshot, seriousViolations, type Browser } from './chromium.js';
import { loadKnowledge } from '../../../knowledge/loader.js';

const kb = loadKnowledge();
const r = kb.replies;
const KEY = 'helpdesk-test-key-recorded-0123456789';

/** The kinds of a turn's replies, for checking what each conversation was before counting it on the page. */
async function say(chat: HttpChat, input: string | { value: unknown }): Promise<Record<string, unknown>[]> {
  return metas(await chat.send(input));
}

describe('insights page over recorded conversations (Chromium)', () => {
  let running: RunningApp;
  let browser: Browser;
  before(async () => {
    running = await startApp({ HELPDESK_API_KEY: KEY });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('counts today\'s answers, refusal, emergency, unhelpful answer and eligibility check as the bot replied them', async () => {
    const today = new Date().toISOString().slice(0, 10);
    // two people get answers; the first says the answer did not help
    const first = new HttpChat(running.base);
    const cost = (await say(first, 'does nhsmail cost anything')).find((m) => m['kind'] === 'answer');
    expect(cost, 'an answer about cost').to.not.equal(undefined);
    await say(first, { value: { action: 'feedback', entryId: cost!['entryId'], helpful: false } });
    const second = new HttpChat(running.base);
    const size = (await say(second, 'how big is an nhsmail mailbox')).find((m) => m['kind'] === 'answer');
    expect(size, 'an answer about mailbox size').to.not.equal(undefined);
    // one refused, one emergency
    expect((await say(new HttpChat(running.base), 'what is the weather like in leeds tomorrow')).map((m) => m['kind'])).to.include('offTopic');
    expect((await say(new HttpChat(running.base), 'a resident has collapsed and is not breathing')).map((m) => m['kind'])).to.include('safety');
    // an eligibility check from opener to outcome
    const check = new HttpChat(running.base);
    let replies = await say(check, 'we are a cqc registered care home in leeds with one site and we want nhsmail, our dspt is standards met, nobody sponsors us');
    for (let i = 0; i < 6 && !replies.some((m) => m['kind'] === 'eligibility'); i++) {
      const question = replies.find((m) => m['kind'] === 'eligibilityQuestion');
      expect(question, `a question or the outcome, got ${JSON.stringify(replies)}`).to.not.equal(undefined);
      replies = await say(check, 'no');
    }
    const outcome = replies.find((m) => m['kind'] === 'eligibility');
    expect(outcome, 'the eligibility outcome').to.not.equal(undefined);
    const route = String(outcome!['routeId'] ?? outcome!['route']);

    const { page, problems } = await browser.newPage();
    await page.goto(`${running.base}/insights?from=${today}&to=${today}`);
    await page.getByLabel(r.t('page.insights.keyLabel')).fill(KEY);
    await page.getByRole('button', { name: r.t('page.insights.signInButton') }).click();
    await page.locator('#status', { hasText: r.t('page.insights.showing', { from: today, to: today }) }).waitFor();

    const cells = (id: string) =>
      page.evaluate((table) => [...document.querySelectorAll(`#table-${table} tbody tr`)].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')), id);
    const [questionsRow] = await cells('questions');
    // day, answered, not sure, refused, safety (solved without a ticket follows)
    expect(questionsRow!.slice(0, 5)).to.deep.equal([today, '2', '0', '1', '1']);
    const top = await cells('top-entries');
    expect(top.map((row) => row[0]).sort()).to.deep.equal([cost!['entryId'], size!['entryId']].map(String).sort());
    expect((await cells('unhelpful-entries')).map((row) => [row[0], row[2]])).to.deep.equal([[String(cost!['entryId']), '1']]);
    expect((await cells('eligibility'))[0]).to.deep.equal(['1', '1']);
    expect((await cells('eligibility-routes')).map((row) => row.join(' '))).to.deep.equal([`${route} 1`]);

    const v = await seriousViolations(page);
    expect(v, describeViolations(v)).to.deep.equal([]);
    await screenshot(page, 'insights-recorded');
    expect(problems.filter((p) => !p.includes('res.cdn.office.net') && !p.includes('ERR_NAME_NOT_RESOLVED'))).to.deep.equal([]);
    await page.close();
  });
});
