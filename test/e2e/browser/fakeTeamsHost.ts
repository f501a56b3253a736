// A stand-in Teams web client for the helpdesk tab: a page served as https://teams.microsoft.com (Playwright
// answers the request) that frames the tab and speaks the teams-js postMessage protocol to it.
import type { Page } from 'playwright-core';

export const TEAMS_HOST = 'https://teams.microsoft.com';
/** The bot as Teams would reach it: a public https host (Chromium would not let a public page frame loopback). */
export const TAB_HOST = 'https://nhsmail-assistant.test';

/** Sends every request for TAB_HOST to the bot running locally, as a reverse proxy would. */
export async function proxyTabHost(page: Page, localBase: string): Promise<void> {
  await page.context().route(`${TAB_HOST}/**`, async (route) => {
    const url = route.request().url().replace(TAB_HOST, localBase);
    const response = await route.fetch({ url });
    await route.fulfill({ response });
  });
}

export interface FakeTeamsOptions {
  theme: 'default' | 'dark' | 'contrast';
  userDisplayName: string;
  userPrincipalName: string;
  /** what authentication.getAuthToken answers; undefined: it fails as when SSO is not set up */
  ssoToken?: string;
}

/** Serves the fake host page and opens it with the tab at tabUrl inside. Returns the calls the tab made. */
export async function openInFakeTeams(page: Page, tabUrl: string, options: FakeTeamsOptions): Promise<{ calls: () => Promise<string[]>; setTheme(theme: string): Promise<void> }> {
  const context = {
    theme: options.theme,
    userDisplayName: options.userDisplayName,
    userPrincipalName: options.userPrincipalName,
    loginHint: options.userPrincipalName,
    userObjectId: '00000000-0000-0000-0000-0000000000aa',
    tid: '00000000-0000-0000-0000-0000000000bb',
    locale: 'en-gb',
    entityId: 'helpdesk',
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
  };
  const runtime = {
    apiVersion: 4,
    isLegacyTeams: false,
    supports: { app: {}, appInitialization: {}, authentication: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {} }, teamsCore: {} },
  };
  const html = `<!doctype html><html lang="en"><head><title>Microsoft Teams (test host)</title></head><body>
<iframe id="tab" title="Helpdesk" style="width:1200px;height:860px;border:0"></iframe>
<script>
  const context = ${JSON.stringify(context)};
  const runtime = ${JSON.stringify(runtime)};
  const ssoToken = ${JSON.stringify(options.ssoToken ?? null)};
  window.tabCalls = [];
  const frame = document.getElementById('tab');
  window.addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || !e.data || typeof e.data.func !== 'string') return;
    const m = e.data;
    window.tabCalls.push(m.func);
    const reply = (args) => frame.contentWindow.postMessage({ id: m.id, uuid: m.uuid, args }, '*');
    switch (m.func) {
      case 'initialize': reply(['content', 'web', JSON.stringify(runtime), '2.0.0']); break;
      case 'getContext': reply([context]); break;
      case 'authentication.getAuthToken': reply(ssoToken ? [true, ssoToken] : [false, 'resourceDisabled']); break;
      default: reply([true]);
    }
  });
  window.setTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
  frame.src = ${JSON.stringify(tabUrl)};
</script></body></html>`;
  await page.route(`${TEAMS_HOST}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(`${TEAMS_HOST}/_#/apps/helpdesk`);
  return {
    calls: () => page.evaluate(() => (window as unknown as { tabCalls: string[] }).tabCalls),
    setTheme: (theme: string) => page.evaluate((t) => (window as unknown as { setTheme(t: string): void }).setTheme(t), theme),
  };
}
