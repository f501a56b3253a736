// The helpdesk tab as a plain page in Chromium: sign in with the key, list and filter, open, assign, note, resolve;
// accessible in light and dark themes.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { describeViolations, launchChromium, screenshot, seriousViolations, type Browser } from './chromium.js';
import { registerFakeTicketApi } from './fakeTicketApi.js';

const KEY = 'helpdesk-test-key-0123456789';

/** teams-js prefetches its host list from Microsoft's CDN, which this offline machine cannot reach (it falls back). */
const offlineNoise = (p: string) => p.includes('res.cdn.office.net') || p.includes('ERR_NAME_NOT_RESOLVED') || p.includes('ERR_INTERNET_DISCONNECTED');
const real = (problems: string[]) => problems.filter((p) => !offlineNoise(p));

describe('helpdesk tab as a plain page (Chromium, stand-in ticket API)', () => {
  let running: RunningApp;
  let browser: Browser;
  before(async () => {
    running = await startApp();
    registerFakeTicketApi(running.app.server, KEY);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function signedIn(): Promise<{ page: Page; problems: string[] }> {
    const watched = await browser.newPage();
    const { page } = watched;
    await page.goto(`${running.base}/helpdesk`);
    await page.getByLabel('Helpdesk key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#ticket-rows tr[data-ref]').first().waitFor();
    return watched;
  }

  const rows = (page: Page) => page.locator('#ticket-rows tr[data-ref]');
  const accessible = async (page: Page) => {
    const v = await seriousViolations(page);
    expect(v, describeViolations(v)).to.deep.equal([]);
  };

  it('asks for the helpdesk key outside Teams, and says when it is wrong', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${running.base}/helpdesk`);
    const key = page.getByLabel('Helpdesk key');
    await key.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('key');
    await accessible(page);
    await key.fill('wrong-key');
    await key.press('Enter');
    await page.locator('#key-error', { hasText: 'not accepted' }).waitFor();
    expect(await key.getAttribute('aria-invalid')).to.equal('true');
    expect(real(problems).filter((p) => !p.includes('401'))).to.deep.equal([]);
    await page.close();
  });

  it('lists tickets and filters them by status and type', async () => {
    const { page, problems } = await signedIn();
    expect(await rows(page).count()).to.equal(4);
    await page.getByLabel('Status').first().selectOption('new');
    await page.getByRole('button', { name: 'Show tickets' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#ticket-rows tr[data-ref]').length === 2);
    await page.getByLabel('Type').selectOption('leaver');
    await page.getByRole('button', { name: 'Show tickets' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#ticket-rows tr[data-ref]').length === 1);
    expect(await rows(page).first().getAttribute('data-ref')).to.equal('NHSM-000002');
    await accessible(page);
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('opens a ticket, assigns it, adds a note and resolves it', async () => {
    const { page, problems } = await signedIn();
    await page.getByRole('button', { name: 'Open ticket NHSM-000001' }).click();
    await page.locator('#detail-title', { hasText: 'NHSM-000001' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id), 'focus moves to the ticket').to.equal('detail-title');
    expect(await page.locator('#detail-fields').textContent()).to.include('Sunrise Care Home');
    await accessible(page);

    await page.getByLabel('Assign to').fill('Helen Helpdesk');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.locator('#status', { hasText: 'Assigned to Helen Helpdesk.' }).waitFor();
    expect(await page.locator('#detail-facts').textContent()).to.include('In progress');

    await page.getByLabel('Add a note').fill('Called Sam; security questions passed.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('#detail-history', { hasText: 'security questions passed' }).waitFor();

    await page.getByRole('button', { name: 'Resolve ticket' }).click();
    await page.locator('#status', { hasText: 'Ticket resolved' }).waitFor();
    expect(await page.getByRole('button', { name: 'Resolve ticket' }).isDisabled()).to.equal(true);
    await screenshot(page, 'helpdesk-ticket');

    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.locator('#ticket-rows tr[data-ref="NHSM-000001"]', { hasText: 'Resolved' }).waitFor();
    await screenshot(page, 'helpdesk-list');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('follows a dark system theme outside Teams and stays accessible', async () => {
    const { page } = await browser.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${running.base}/helpdesk`);
    await page.getByLabel('Helpdesk key').waitFor();
    expect(await page.locator('body').getAttribute('data-theme')).to.equal('dark');
    await page.getByLabel('Helpdesk key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await rows(page).first().waitFor();
    await accessible(page);
    await screenshot(page, 'helpdesk-dark');
    await page.close();
  });
});
