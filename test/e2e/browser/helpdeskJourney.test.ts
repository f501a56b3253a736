// A helpdesk request end to end in Chromium: raised in the web chat widget, worked in the helpdesk tab,
// and the requester's still-open widget told of the status change.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { expectAccessible, launchChromium, screenshot, shown, type Browser } from './chromium.js';

const KEY = 'helpdesk-test-key-0123456789';
const SEND_BOX = '[data-id="webchat-sendbox-input"]';

describe('a helpdesk request from the widget to the tab and back (Chromium)', () => {
  let running: RunningApp;
  let browser: Browser;
  let chat: Page;
  let ref = '';

  before(async () => {
    running = await startApp({ HELPDESK_API_KEY: KEY });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  const r = () => running.app.deps.kb.replies;
  /** A bot message by its opening words (the rest may be split by links Web Chat adds). */
  const said = (page: Page, key: string) => page.getByText(shown(r().t(key).slice(0, 24))).last();

  it('raises a request by clicking and typing, and shows its reference', async () => {
    const watched = await browser.newPage();
    chat = watched.page;
    await chat.goto(`${running.base}/`);
    await chat.getByText(shown(r().t('welcome.title'))).waitFor();
    await chat.locator('.ac-adaptiveCard').last().getByRole('button', { name: shown(r().t('menu.request')) }).click();
    await chat.getByRole('button', { name: shown(r().t('request.type.lockedOut')) }).last().click();
    // self-service password reset is offered first; its answer button says it did not work
    await chat.getByRole('button', { name: shown(r().t('request.selfService.no')) }).last().click();

    const answers: [ask: string, answer: string][] = [
      ['request.ask.name', 'Sam Carer'],
      ['request.ask.email', 'sam.carer@nhs.net'],
      ['request.ask.mobile', '07700 900123'],
      ['request.ask.organisation', 'Sunrise Care Home'],
      ['request.ask.odsCode', 'VNX12'],
    ];
    for (const [ask, answer] of answers) {
      await said(chat, ask).waitFor();
      await chat.locator(SEND_BOX).fill(answer);
      await chat.locator(SEND_BOX).press('Enter');
    }
    const summary = chat.locator('.ac-adaptiveCard', { hasText: shown(r().t('request.summary.title')) }).last();
    await summary.waitFor();
    expect(await summary.textContent()).to.include('Sunrise Care Home');
    await summary.getByRole('button', { name: shown(r().t('request.summary.confirm')) }).click();

    const filed = chat.locator('.ac-adaptiveCard', { hasText: /NHSM-\d{6}/ }).last();
    await filed.waitFor();
    ref = /NHSM-\d{6,9}/.exec((await filed.textContent()) ?? '')![0];
    expect(await running.app.deps.helpdesk.service.get(ref)).to.have.property('status', 'new');
    // The bot updates the used summary card; the widget replaces it, so its buttons cannot be pressed again.
    await chat.getByText(shown(r().t('request.summary.used.filed', { ref }))).first().waitFor();
    expect(await chat.locator('.ac-pushButton', { hasText: shown(r().t('request.summary.confirm')) }).count()).to.equal(0);
    await screenshot(chat, 'webchat-request');
    await expectAccessible(chat);
    expect(watched.problems, watched.problems.join('\n')).to.deep.equal([]);
  });

  it('the helpdesk assigns and resolves it in the tab, and the open widget says so', async () => {
    expect(ref, 'the request was filed').to.match(/^NHSM-/);
    const { page: tab } = await browser.newPage();
    await tab.goto(`${running.base}/helpdesk`);
    await tab.getByLabel('Helpdesk key').fill(KEY);
    await tab.getByLabel('Your name').fill('Helen Helpdesk');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('button', { name: `Open ticket ${ref}` }).click();
    await tab.locator('#detail-title', { hasText: ref }).waitFor();
    expect(await tab.locator('#detail-fields').textContent()).to.include('Sam Carer');
    await tab.getByRole('button', { name: 'Assign', exact: true }).click();
    await tab.locator('#status', { hasText: r().t('page.helpdeskTab.assigned', { name: 'Helen Helpdesk' }) }).waitFor();
    await tab.getByRole('button', { name: 'Resolve ticket' }).click();
    await tab.locator('#status', { hasText: r().t('page.helpdeskTab.resolved') }).waitFor();

    const resolved = r().t('request.statusName.resolved');
    await chat.getByText(new RegExp(`${ref}[\\s\\S]*${resolved}|${resolved}[\\s\\S]*${ref}`)).last().waitFor({ timeout: 30_000 });
    await chat.waitForTimeout(800); // let the transcript finish scrolling for the screenshot
    await screenshot(chat, 'webchat-status-change');
    await tab.close();
  });
});
