// The Teams experience in Microsoft 365 Agents Playground (offline), driven in Chromium: personal chat and a team channel.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startTeamsLocal, type TeamsLocal } from '../../../scripts/teams-local.js';
import { sampleRequest } from '../../helpdesk/fixtures/tickets.js';
import { launchChromium, screenshot, shown, type Browser } from './chromium.js';

const EDITOR = '[data-lexical-editor="true"][role="textbox"]';
const QUESTION = 'how do I get a CQC contact ID';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('Teams in Microsoft 365 Agents Playground (Chromium)', () => {
  let local: TeamsLocal;
  let browser: Browser;
  let dataDir: string;
  let page: Page;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-playground-'));
    local = await startTeamsLocal({
      env: { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DATA_DIR: dataDir, PORT: '0' },
      playgroundPort: await freePort(),
      playgroundOutput: 'ignore',
    });
    browser = await launchChromium();
    page = (await browser.newPage()).page;
    await page.setViewportSize({ width: 1400, height: 950 });
    await page.goto(local.playgroundUrl);
  });
  after(async () => {
    await browser?.close();
    await local?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const r = () => local.app.deps.kb.replies;
  const titleFor = (question: string) => {
    const outcome = local.app.deps.search.search(question);
    if (outcome.kind !== 'answer') throw new Error(`the knowledge base does not answer "${question}"`);
    return outcome.best.entry.title;
  };

  it('answers a question in personal chat with the answer card', async () => {
    await page.getByText(shown(r().t('welcome.title'))).first().waitFor();
    await page.locator(EDITOR).click();
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    await page.getByText(shown(titleFor(QUESTION))).first().waitFor();
    await screenshot(page, 'playground-personal');
  });

  it('answers an @mention in a team channel, and the buttons on its card work', async () => {
    await page.getByText('General', { exact: true }).click();
    // The bot greets the channel when it is added, so the channel has reply boxes too: take "Start a new post".
    await page.getByRole('group').filter({ hasText: 'Start a new post' }).locator(EDITOR).click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem', { name: /Test Bot/ }).click();
    await page.keyboard.type(` ${QUESTION}`);
    await page.getByRole('button', { name: 'Post' }).click();
    const answer = page.getByText(shown(titleFor(QUESTION)));
    await answer.first().waitFor();
    const yes = page.getByRole('button', { name: r().t('answer.yes'), exact: true }).last();
    await yes.click();
    await page.getByText(shown(r().t('feedback.thanksYes'))).first().waitFor();
    await screenshot(page, 'playground-channel');
    expect(await answer.count()).to.be.greaterThan(0);
  });

  it('registers the helpdesk channel; a new ticket arrives there as a card whose buttons work', async () => {
    const box = page.getByRole('group').filter({ hasText: 'Start a new post' }).locator(EDITOR);
    await box.click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem', { name: /Test Bot/ }).click();
    await page.keyboard.type(' register helpdesk channel');
    await page.getByRole('button', { name: 'Post' }).click();
    await page.getByText(shown(r().t('request.channel.registered'))).first().waitFor();
    expect(local.app.deps.helpdesk.registry.current?.reference.conversation?.id).to.be.a('string');

    const { ticket } = await local.app.deps.helpdesk.service.file(sampleRequest('locked-out', 'playground-requester'));
    const card = page.locator('.ac-adaptiveCard', { hasText: ticket.ref }).last();
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: r().t('request.channel.assign'), exact: true }).click();
    const assigned = async () => (await local.app.deps.helpdesk.service.get(ticket.ref))?.assignee;
    for (let i = 0; i < 50 && !(await assigned()); i++) await new Promise((res) => setTimeout(res, 100));
    expect(await assigned()).to.equal('Alex Wilber');
    await page.locator('.ac-adaptiveCard', { hasText: ticket.ref }).filter({ hasText: shown(r().t('request.channel.assignee', { name: 'Alex Wilber' })) }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'playground-helpdesk-channel');
  });
});
