// The key sign-in every helpdesk tab shares (web/shared/tabSession.ts), checked the same way on each page.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectAccessible } from './chromium.js';

/**
 * On a tab page showing its sign-in form: focus starts in the key field, the form passes axe, and a wrong key is
 * refused with the page's message beside the field, which is marked invalid.
 */
export async function expectWrongKeyRefused(page: Page, keyLabel: string, refused: string): Promise<void> {
  const key = page.getByLabel(keyLabel);
  await key.waitFor();
  expect(await page.evaluate(() => document.activeElement?.id), 'focus starts in the key field').to.equal('key');
  await expectAccessible(page);
  await key.fill('wrong-key');
  await key.press('Enter');
  await page.locator('#key-error', { hasText: refused }).waitFor();
  expect(await key.getAttribute('aria-invalid')).to.equal('true');
}
