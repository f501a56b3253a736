// The helpdesk tab in Chromium over the real ticket API: as a plain page (key sign-in, list and filter, open,
// assign, note, resolve; light and dark themes) and inside a stand-in Teams host (SSO, Teams theme, fallback to the key).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { expectAccessible, launchChromium, realProblems as real, screenshot, type Browser } from './chromium.js';
import { TAB_HOST, openInFakeTeams, proxyTabHost } from './fakeTeamsHost.js';
import { expectWrongKeyRefused } from './tabSignIn.js';
import type { TicketType } from '../../../helpdesk/model.js';
import { startStandInEntra, type StandInEntra } from '../../fixtures/entraTokens.js';
import { sampleRequest } from '../../helpdesk/fixtures/tickets.js';
import { loadKnowledge } from '../../../knowledge/loader.js';

const r = loadKnowledge().replies;

const KEY = 'helpdesk-test-key-0123456789';

/** Files the tickets the tests work on: two new, one in progress, one resolved. Returns their references by type. */
async function seed(running: RunningApp): Promise<Record<TicketType, string>> {
  const { service } = running.app.deps.helpdesk;
  const refs = {} as Record<TicketType, string>;
  for (const type of ['locked-out', 'leaver', 'name-change', 'extra-accounts'] as const) {
    refs[type] = (await service.file(sampleRequest(type, `requester-${type}`))).ticket.ref;
  }
  await service.change(refs['name-change'], { status: 'in-progress', assignee: 'Pat Helpdesk' }, 'Pat Helpdesk');
  await service.change(refs['extra-accounts'], { status: 'resolved' }, 'Pat Helpdesk');
  return refs;
}

describe('helpdesk tab as a plain page (Chromium)', () => {
  let running: RunningApp;
  let browser: Browser;
  let refs: Record<TicketType, string>;
  before(async () => {
    running = await startApp({ HELPDESK_API_KEY: KEY });
    refs = await seed(running);
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
    await page.getByLabel('Your name').fill('Helen Helpdesk');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#ticket-rows tr[data-ref]').first().waitFor();
    return watched;
  }

  const rows = (page: Page) => page.locator('#ticket-rows tr[data-ref]');

  it('asks for the helpdesk key outside Teams, and says when it is wrong', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${running.base}/helpdesk`);
    await expectWrongKeyRefused(page, 'Helpdesk key', r.t('page.helpdeskTab.error.signInRefused'));
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
    expect(await rows(page).first().getAttribute('data-ref')).to.equal(refs.leaver);
    await expectAccessible(page);
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('opens a ticket, assigns it, adds a note and resolves it; the history names who did it', async () => {
    const { page, problems } = await signedIn();
    const ref = refs['locked-out'];
    await page.getByRole('button', { name: `Open ticket ${ref}` }).click();
    await page.locator('#detail-title', { hasText: ref }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id), 'focus moves to the ticket').to.equal('detail-title');
    expect(await page.locator('#detail-fields').textContent()).to.include('Sunrise Care Home');
    expect(await page.getByLabel('Assign to').inputValue(), 'the signed-in name is offered').to.equal('Helen Helpdesk');
    await expectAccessible(page);

    await page.getByLabel('Assign to').fill('Helen Helpdesk');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.locator('#status', { hasText: r.t('page.helpdeskTab.assigned', { name: 'Helen Helpdesk' }) }).waitFor();
    expect(await page.locator('#detail-facts').textContent()).to.include('In progress');

    await page.getByLabel('Add a note').fill('Called Sam; security questions passed.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('#detail-history', { hasText: 'security questions passed' }).waitFor();

    await page.getByRole('button', { name: 'Resolve ticket' }).click();
    await page.locator('#status', { hasText: r.t('page.helpdeskTab.resolved') }).waitFor();
    expect(await page.getByRole('button', { name: 'Resolve ticket' }).isDisabled()).to.equal(true);
    expect(await page.locator('#detail-history').textContent()).to.include('Resolved, by Helen Helpdesk');
    await screenshot(page, 'helpdesk-ticket');

    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.locator(`#ticket-rows tr[data-ref="${ref}"]`, { hasText: r.t('ticket.status.resolved') }).waitFor();
    await screenshot(page, 'helpdesk-list');
    const stored = await running.app.deps.helpdesk.service.get(ref);
    expect(stored?.status).to.equal('resolved');
    expect(stored?.assignee).to.equal('Helen Helpdesk');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('explains a change the helpdesk rules refuse', async () => {
    const { page } = await signedIn();
    const ref = refs['extra-accounts'];
    await page.getByRole('button', { name: `Open ticket ${ref}` }).click();
    await page.locator('#detail-title', { hasText: ref }).waitFor();
    await page.getByLabel('Change status to').selectOption('waiting-on-requester');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.locator('#status.status--error', { hasText: 'cannot change from resolved' }).waitFor();
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
    await expectAccessible(page);
    await screenshot(page, 'helpdesk-dark');
    await page.close();
  });
});

describe('helpdesk tab inside Teams (Chromium, stand-in Teams host and Entra keys)', () => {
  let entra: StandInEntra;
  let withSso: RunningApp;
  let withoutSso: RunningApp;
  let browser: Browser;
  let SSO_TOKEN: string;
  before(async () => {
    entra = await startStandInEntra();
    withSso = await startApp({ HELPDESK_API_KEY: KEY, ...entra.env });
    await seed(withSso);
    withoutSso = await startApp({ HELPDESK_API_KEY: KEY });
    await seed(withoutSso);
    SSO_TOKEN = entra.token();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await withSso?.stop();
    await withoutSso?.stop();
    await entra?.close();
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

    const unassigned = tab.locator('#ticket-rows tr[data-ref]', { hasText: r.t('page.helpdeskTab.nobody') }).first();
    const ref = (await unassigned.getAttribute('data-ref'))!;
    await unassigned.locator('button').click();
    await tab.locator('#detail-title', { hasText: ref }).waitFor();
    expect(await tab.getByLabel('Assign to').inputValue()).to.equal('Helen Helpdesk');

    await host.setTheme('contrast');
    await tab.locator('body[data-theme="contrast"]').waitFor();
    await expectAccessible(page.frames().find((f) => f.url().startsWith(TAB_HOST))!);
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
