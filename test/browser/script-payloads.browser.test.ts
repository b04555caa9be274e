import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTandem, signIn, startTandem } from '../support/browser.js';

/** Each payload sets window.__pwned if it ever runs. */
const payloads = {
  firstName: '<img src=x onerror="window.__pwned=1">',
  lastName: '<script>window.__pwned=2</script>',
  title: '"><svg onload="window.__pwned=3">',
  phone: 'javascript:window.__pwned=4',
};

/**
 * Contact fields holding script payloads (issue 8, security): the web app shows
 * them as text, on the list and the contact page, and nothing runs. The page's
 * CSP is checked too: the app itself triggers no violation.
 */
describe('script payloads in contact fields stay inert in the web app', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __violations: string[] }).__violations ??= [];
        (window as unknown as { __violations: string[] }).__violations.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    // The contact is made through the API, as an integration would.
    const session = await fetch(`${tandem.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: tandem.email, password: tandem.password }),
    });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const created = await fetch(`${tandem.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        email: 'xss-probe@example.test',
        ...payloads,
        properties: { note: '<iframe src="javascript:window.__pwned=5"></iframe>' },
      }),
    });
    expect(created.status).toBe(201);
    await signIn(page, tandem.url, tandem.email, tandem.password);
  });

  afterAll(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  async function expectInert(where: string) {
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      violations: (window as unknown as { __violations?: string[] }).__violations ?? [],
      injected: document.querySelectorAll('img[src="x"], svg[onload], iframe, script:not([src])')
        .length,
    }));
    expect({ where, ...state, dialogs }).toEqual({
      where,
      pwned: null,
      violations: [],
      injected: 0,
      dialogs: [],
    });
  }

  it('lists the contact with its name shown as text, and nothing runs', async () => {
    await page.goto(`${tandem.url}/contacts?q=xss-probe`);
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);
    const name = await page.getByTestId('contact-name').first().textContent();
    expect(name).toContain(payloads.firstName);
    await expectInert('contacts list');
  });

  it('opens the contact page with every field as text, and nothing runs', async () => {
    await page.getByTestId('contact-name').first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}/);
    await expect.poll(() => page.locator('body').innerText()).toContain(payloads.title);
    const text = await page.locator('body').innerText();
    for (const value of Object.values(payloads)) expect(text).toContain(value);
    await expectInert('contact page');
  });
});
