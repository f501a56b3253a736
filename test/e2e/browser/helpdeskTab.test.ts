// The helpdesk tab as a plain page in Chromium: sign in with the key, list and filter, open, assign, note, resolve;
// accessible in light and dark themes.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { describeViolations, launchChromium, screenshot, seriousViolations, type Browser } from './chromium.js';
import { TAB_HOST, openInFakeTeams, proxyTabHost } from './fakeTeamsHost.js';
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

describe('helpdesk tab inside Teams (Chromium, stand-in Teams host and ticket API)', () => {
  const SSO_TOKEN = 'sso-token-for-helen';
  let withSso: RunningApp;
  let withoutSso: RunningApp;
  let browser: Browser;
  before(async () => {
    withSso = await startApp({ TEAMS_SSO_APP_ID: '0f1e2d3c-4b5a-4968-8776-65544332211f', TEAMS_SSO_TENANT_ID: '11111111-2222-4333-8444-555555555555' });
    registerFakeTicketApi(withSso.app.server, SSO_TOKEN);
    withoutSso = await startApp();
    registerFakeTicketApi(withoutSso.app.server, KEY);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await withSso?.stop();
    await withoutSso?.stop();
  });

  const user = { userDisplayName: 'Helen Helpdesk', userPrincipalName: 'helen.helpdesk@nhs.net' };

  it('signs in with Teams SSO, takes the Teams theme and follows its changes, offers the user as assignee', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize({ width: 1240, height: 900 });
    await proxyTabHost(page, withSso.base);
    const host = await openInFakeTeams(page, `${TAB_HOST}/helpdesk?inTeams=1`, { theme: 'dark', ...user, ssoToken: SSO_TOKEN });
    const tab = page.frameLocator('#tab');
    await tab.locator('#ticket-rows tr[data-ref]').first().waitFor();
    expect(await host.calls()).to.include.members(['initialize', 'getContext', 'authentication.getAuthToken']);
    expect(await tab.locator('body').getAttribute('data-theme')).to.equal('dark');
    expect(await tab.locator('#who').textContent()).to.include('Helen Helpdesk');
    expect(await tab.locator('#signin').isHidden()).to.equal(true);

    await tab.getByRole('button', { name: 'Open ticket NHSM-000002' }).click();
    expect(await tab.getByLabel('Assign to').inputValue()).to.equal('Helen Helpdesk');

    await host.setTheme('contrast');
    await tab.locator('body[data-theme="contrast"]').waitFor();
    const v = await seriousViolations(page.frames().find((f) => f.url().startsWith(TAB_HOST))!);
    expect(v, describeViolations(v)).to.deep.equal([]);
    await screenshot(page, 'helpdesk-teams-contrast');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('asks for the helpdesk key inside Teams when no Entra app is configured', async () => {
    const { page } = await browser.newPage();
    await proxyTabHost(page, withoutSso.base);
    const host = await openInFakeTeams(page, `${TAB_HOST}/helpdesk?inTeams=1`, { theme: 'default', ...user, ssoToken: 'unused' });
    const tab = page.frameLocator('#tab');
    await tab.getByLabel('Helpdesk key').waitFor();
    expect(await host.calls()).to.not.include('authentication.getAuthToken');
    await tab.getByLabel('Helpdesk key').fill(KEY);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.locator('#ticket-rows tr[data-ref]').first().waitFor();
    await page.close();
  });

  it('falls back to the key when Teams SSO fails', async () => {
    const { page } = await browser.newPage();
    await proxyTabHost(page, withSso.base);
    await openInFakeTeams(page, `${TAB_HOST}/helpdesk?inTeams=1`, { theme: 'default', ...user });
    const tab = page.frameLocator('#tab');
    await tab.getByLabel('Helpdesk key').waitFor();
    await tab.locator('#status', { hasText: 'Teams sign-in did not work here' }).waitFor();
    await page.close();
  });
});
