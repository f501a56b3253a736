// The web chat widget in real Chromium: the support page, questions and answer cards, buttons, keyboard-only use,
// accessibility (axe-core), the embed snippet on another origin, and a proactive message reaching the open widget.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { localConversationReference } from '../../../bot/directline/connector.js';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { expectAccessible, launchChromium, screenshot, shown, type Browser, type WatchedPage } from './chromium.js';

const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const QUESTION = 'how do I get a CQC contact ID';

describe('web chat widget (Chromium)', () => {
  let running: RunningApp;
  let browser: Browser;
  let provider: http.Server;
  let providerOrigin: string;

  before(async () => {
    provider = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(req.url === '/plain' ? '<!doctype html><html lang="en"><head><title>Plain</title></head><body></body></html>' : providerPage);
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', () => r()));
    // "localhost" and "127.0.0.1" are different origins: the provider site is cross-origin to the bot.
    providerOrigin = `http://localhost:${(provider.address() as AddressInfo).port}`;
    running = await startApp({ WEBCHAT_ALLOWED_ORIGINS: providerOrigin });
    providerPage = `<!doctype html><html lang="en"><head><title>Sunrise Care: IT support</title></head><body>
      <h1>Sunrise Care IT support</h1>
      <div id="nhsmail-assistant"></div>
      <script src="${running.base}/embed.js" data-title="Sunrise Care NHSmail help" data-accent="#ffeb3b" data-locale="en-GB" data-height="560px" async></script>
      </body></html>`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
    await new Promise<void>((r) => provider.close(() => r()));
  });

  let providerPage = '';
  const r = () => running.app.deps.kb.replies;
  const titleFor = (question: string) => {
    const outcome = running.app.deps.search.search(question);
    if (outcome.kind !== 'answer') throw new Error(`the knowledge base does not answer "${question}"`);
    return outcome.best.entry.title;
  };

  async function openChat(path = '/'): Promise<WatchedPage & { conversationId: Promise<string> }> {
    const watched = await browser.newPage();
    const conversationId = watched.page
      .waitForResponse((res) => res.url().endsWith('/v3/directline/conversations') && res.request().method() === 'POST')
      .then(async (res) => ((await res.json()) as { conversationId: string }).conversationId);
    await watched.page.goto(`${running.base}${path}`);
    await watched.page.getByText(shown(r().t('welcome.title'))).waitFor();
    return { ...watched, conversationId };
  }

  async function ask(page: Page, text: string): Promise<void> {
    const box = page.locator(SEND_BOX);
    await box.fill(text);
    await box.press('Enter');
  }

  it('shows the branded page: title, avatar, privacy line, Web Chat from the bot', async () => {
    const { page, problems } = await openChat();
    expect(await page.locator('#chat-title').textContent()).to.equal('NHSmail support assistant');
    const privacy = page.locator('#chat-privacy');
    expect(await privacy.isVisible()).to.equal(true);
    expect(await privacy.textContent()).to.match(/Never type passwords, security answers or patient details/);
    expect(await page.locator('img[src="/static/avatar.png"]').count()).to.be.greaterThan(0);
    const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
    expect(scripts.every((s) => s.startsWith(running.base))).to.equal(true);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('answers a typed question with an answer card, then follows a related-question button', async () => {
    const { page, problems } = await openChat();
    await ask(page, QUESTION);
    const title = titleFor(QUESTION);
    const answer = page.locator('.ac-adaptiveCard', { hasText: shown(title) });
    await answer.waitFor();
    expect(await page.getByText(QUESTION).count(), 'the user\'s own message is shown').to.be.greaterThan(0);
    await screenshot(page, 'webchat-answer');

    // the related questions are tappable containers; the card's buttons (More, Yes, No) are selectable too
    const related = answer.locator('.ac-selectable:not(button)').first();
    const relatedQuestion = ((await related.textContent()) ?? '').trim().replace(/\u2019/g, "'");
    expect(relatedQuestion).to.not.equal('');
    await related.click();
    await page.locator('.ac-adaptiveCard', { hasText: shown(titleFor(relatedQuestion)) }).last().waitFor();
    await screenshot(page, 'webchat-related');
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('on a phone (390 x 844) lays the answer card out answer first, and reveals the details and jargon in place', async () => {
    const { page, problems } = await openChat();
    await page.setViewportSize({ width: 390, height: 844 });
    const question = 'is mfa compulsory on nhsmail now';
    const entry = running.app.deps.kb.byId.get('mfa')!;
    expect(titleFor(question)).to.equal(entry.title);
    await ask(page, question);
    const card = page.locator('.ac-adaptiveCard', { hasText: shown(entry.title) }).last();
    await card.waitFor();
    // Measured in one go in the page: Web Chat may still be scrolling the transcript.
    const order = await card.evaluate(
      (el, texts) =>
        texts.map(
          (t) =>
            [...el.querySelectorAll('.ac-textBlock, button, [role="button"]')]
              .find((n) => (n.textContent ?? '').trim().startsWith(t))
              ?.getBoundingClientRect().top ?? Number.NaN,
        ),
      [entry.answer.slice(0, 40), r().t('answer.more'), r().t('answer.yes'), r().t('answer.related')],
    );
    const [answerAt, moreAt, yesAt, relatedAt] = order as [number, number, number, number];
    expect(answerAt, 'the short answer comes before More').to.be.below(moreAt);
    expect(moreAt, 'More comes before the feedback').to.be.below(yesAt);
    expect(yesAt, 'the related questions come last').to.be.below(relatedAt);
    const detail = card.getByText(shown(entry.more!.split('\n')[0]!.replace(/[*_#]/g, '').trim()));
    expect(await detail.isVisible(), 'details are hidden until asked for').to.equal(false);

    await card.getByRole('button', { name: r().t('answer.more') }).click();
    await detail.waitFor({ state: 'visible' });
    const term = running.app.deps.kb.glossary.terms.find((t) => t.term === 'MFA')!;
    await card.getByRole('button', { name: r().t('answer.terms') }).click();
    await card.getByText(shown(term.means)).waitFor({ state: 'visible' });
    await screenshot(page, 'webchat-phone-more');
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('on a phone, a reply taller than the screen is shown from its start: the transcript stops scrolling at the answer', async () => {
    const { page, problems } = await openChat();
    await page.setViewportSize({ width: 390, height: 844 });
    // Fill the transcript first, so that it has to scroll to show each new reply.
    for (const earlier of [QUESTION, 'is mfa compulsory on nhsmail now']) {
      await ask(page, earlier);
      await page.locator('.ac-adaptiveCard', { hasText: shown(titleFor(earlier)) }).last().waitFor();
    }
    // An answer card followed by the check's first question: together far taller than the transcript.
    const question = 'how does a pharmacy get nhsmail';
    const outcome = running.app.deps.search.search(question);
    if (outcome.kind !== 'answer') throw new Error(`the knowledge base does not answer "${question}"`);
    const entry = outcome.best.entry;
    const before = await page.locator('.webchat__basic-transcript__activity').count();
    await ask(page, question);
    const card = page.locator('.ac-adaptiveCard', { hasText: shown(entry.title) }).last();
    await card.waitFor();
    // wait for every reply of the turn (the answer and the question after it), then for scrolling to settle
    await page.waitForFunction((n) => document.querySelectorAll('.webchat__basic-transcript__activity').length >= n, before + 3);
    await page.waitForTimeout(1500);
    const seen = await card.evaluate((el, start) => {
      const scroller = document.querySelector('.webchat__basic-transcript__scrollable') as HTMLElement;
      const view = scroller.getBoundingClientRect();
      const text = [...el.querySelectorAll('.ac-textBlock')].find((n) => (n.textContent ?? '').trim().startsWith(start)) as HTMLElement;
      const at = text.getBoundingClientRect();
      const replies = [...document.querySelectorAll('.webchat__basic-transcript__activity')];
      const last = replies[replies.length - 1]!.getBoundingClientRect();
      return { top: at.top - view.top, bottom: view.bottom - at.bottom, tall: last.bottom - at.top > view.height };
    }, entry.answer.slice(0, 40));
    expect(seen.tall, 'the replies together are taller than the transcript, so this test means something').to.equal(true);
    expect(seen.top, 'the short answer is not scrolled off the top').to.be.at.least(0);
    expect(seen.bottom, 'the short answer is inside the transcript').to.be.at.least(0);
    await screenshot(page, 'webchat-phone-tall-reply');
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('walks the eligibility check by clicking, to the route card', async () => {
    const { page, problems } = await openChat();
    const latest = () => page.locator('.ac-adaptiveCard').last();
    const click = async (label: string) => {
      await latest().getByRole('button', { name: shown(label) }).click();
    };
    await click(r().t('menu.eligibility'));
    const steps: [prompt: string, answer: string][] = [
      ['eligibility.q.country', 'eligibility.choice.country.england'],
      ['eligibility.q.orgType', 'eligibility.choice.orgType.pharmacy'],
      ['eligibility.q.pharmacyKind', 'eligibility.choice.pharmacyKind.single'],
    ];
    for (const [prompt, answer] of steps) {
      await page.locator('.ac-adaptiveCard', { hasText: shown(r().t(prompt)) }).last().waitFor();
      await click(r().t(answer));
    }
    await page.locator('.ac-adaptiveCard', { hasText: shown(r().t('eligibility.outcome.heading')) }).waitFor();
    await screenshot(page, 'webchat-eligibility');
    await expectAccessible(page);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core), before and after an answer', async () => {
    const { page } = await openChat();
    await expectAccessible(page);
    await ask(page, QUESTION);
    await page.locator('.ac-adaptiveCard', { hasText: shown(titleFor(QUESTION)) }).waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('can be used with the keyboard alone: skip link, send box, then a card button', async () => {
    const { page } = await openChat();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Skip to the chat');
    await page.keyboard.press('Enter');
    let tabs = 0;
    while (!(await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, SEND_BOX))) {
      await page.keyboard.press('Tab');
      if (++tabs > 12) throw new Error('the send box is not reachable with Tab from the skip link');
    }
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    const card = page.locator('.ac-adaptiveCard', { hasText: shown(titleFor(QUESTION)) });
    await card.waitFor();

    // Back to the transcript (Shift+Tab), into the latest activity (Enter), which focuses its first button.
    let back = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('webchat__basic-transcript') ?? false))) {
      await page.keyboard.press('Shift+Tab');
      if (++back > 5) throw new Error('the transcript is not reachable with Shift+Tab from the send box');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).to.match(/Chat history/);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.matches('.ac-pushButton, [role="button"]'))).to.equal(true);
    // The first button is More: Enter reveals the details in place, so the card grows.
    expect((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim()).to.equal(r().t('answer.more'));
    const shownCard = await card.last().elementHandle();
    const height = (await card.last().boundingBox())!.height;
    await page.keyboard.press('Enter');
    await page.waitForFunction(([el, h]) => (el as Element).getBoundingClientRect().height > (h as number), [shownCard, height] as const);
    // Tab on to Yes: Enter sends the feedback, and the bot's thanks arrives.
    let steps = 0;
    while ((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim() !== r().t('answer.yes')) {
      await page.keyboard.press('Tab');
      if (++steps > 12) throw new Error('the Yes button is not reachable with Tab from More');
    }
    await page.keyboard.press('Enter');
    await page.getByText(shown(r().t('feedback.thanksYes'))).first().waitFor();
    await page.close();
  });

  it('embeds on a provider site with one script tag, with the site\'s title and a readable version of its colour', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${providerOrigin}/`);
    const frame = page.frameLocator('#nhsmail-assistant iframe');
    await frame.getByText(shown(r().t('welcome.title'))).waitFor();
    expect(await frame.locator('#chat-title').textContent()).to.equal('Sunrise Care NHSmail help');
    expect(await frame.locator('#chat-privacy').isVisible()).to.equal(true);
    const accent = await frame.locator('html').evaluate((el) => getComputedStyle(el).getPropertyValue('--accent').trim());
    expect(accent).to.not.equal('#ffeb3b');
    expect(await page.locator('#nhsmail-assistant iframe').getAttribute('title')).to.equal('Sunrise Care NHSmail help');
    expect(await page.locator('#nhsmail-assistant iframe').getAttribute('sandbox')).to.not.include('allow-top-navigation');
    await frame.locator('[data-id="webchat-sendbox-input"]').fill(QUESTION);
    await frame.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await frame.locator('.ac-adaptiveCard', { hasText: shown(titleFor(QUESTION)) }).waitFor();
    await screenshot(page, 'webchat-embedded');
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('refuses to be framed by a site that is not a trusted origin', async () => {
    const stranger = await startApp();
    try {
      const { page } = await browser.newPage();
      await page.goto(`${providerOrigin}/plain`);
      const answered = page.waitForResponse((res) => res.url().startsWith(`${stranger.base}/?embed=1`));
      // the frame's load event fires once Chromium has shown the page or, when refused, its error page
      await page.evaluate(
        (src) =>
          new Promise<void>((resolve) => {
            const f = document.createElement('iframe');
            f.id = 'stranger';
            f.addEventListener('load', () => resolve(), { once: true });
            f.src = `${src}/?embed=1`;
            document.body.append(f);
          }),
        stranger.base,
      );
      expect((await answered).status(), 'the bot answered the frame').to.equal(200);
      expect(await page.locator('#stranger').count(), 'the iframe was added').to.equal(1);
      let loaded = 0;
      for (const frame of page.frames()) loaded += await frame.locator('#chat-title').count().catch(() => 0);
      await page.close();
      expect(loaded).to.equal(0);
    } finally {
      await stranger.stop();
    }
  });

  it('tells the user when the chat has expired', async () => {
    const shortLived = await startApp({ DIRECT_LINE_TOKEN_TTL_MIN: '0.03' });
    try {
      const { page } = await browser.newPage();
      await page.goto(`${shortLived.base}/`);
      await page.getByText(shown(r().t('welcome.title'))).waitFor();
      await page.locator('#chat-status', { hasText: 'This chat has ended' }).waitFor({ timeout: 20_000 });
      await page.close();
    } finally {
      await shortLived.stop();
    }
  });

  it('shows a proactive message (a ticket status change) in the open widget', async () => {
    const { page, conversationId } = await openChat();
    const reference = localConversationReference(running.app.server, await conversationId);
    const text = 'Your request NHSM-000042 is now in progress.';
    await running.app.deps.adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity(text);
    });
    await page.getByText(text).first().waitFor({ timeout: 10_000 });
    await page.close();
  });
});
