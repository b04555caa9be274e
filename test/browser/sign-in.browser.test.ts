import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningTandem, shotDir, startTandem } from '../support/browser.js';

/**
 * The built app in a real browser: the server is started the way a user starts
 * it (bin/tandem.js serve --demo), and the login is read from what it prints.
 */
describe('web app in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let page: Page;
  let url: string;
  let email: string;
  let password: string;

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    ({ url, email, password } = tandem);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  it('sends visitors to sign-in and shows the server’s reason for a wrong password', async () => {
    await page.goto(`${url}/contacts`);
    await page.waitForURL(/\/signin$/);

    // The page must show what the server says, whatever wording it uses.
    const answer = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'not the password' }),
    });
    expect(answer.status).toBe(401);
    const { detail } = (await answer.json()) as { detail: string };
    expect(detail).toBeTruthy();

    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toBe(detail);
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('signs in with the printed login, searches, and opens a contact with its timeline', async () => {
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/contacts$/);
    await expect.poll(() => page.getByTestId('member-name').textContent()).toBeTruthy();
    await expect.poll(() => page.getByTestId('contact-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shotDir, 'tandem-contacts.png') });

    const firstName = (await page.getByTestId('contact-name').first().textContent())!;
    const term = firstName.split(' ').at(-1)!.toLowerCase();
    const rowsBefore = await page.getByTestId('contact-row').allTextContents();
    // Only a search that hides some shown rows proves the list narrows.
    expect(rowsBefore.some((row) => !row.toLowerCase().includes(term))).toBe(true);

    await page.getByTestId('contact-search').fill(term);
    await page.waitForURL((u) => u.searchParams.get('q') === term);
    await expect
      .poll(async () => {
        const rows = await page.getByTestId('contact-row').allTextContents();
        return rows.length > 0 && rows.every((row) => row.toLowerCase().includes(term));
      })
      .toBe(true);
    expect(await page.getByTestId('contact-name').allTextContents()).toContain(firstName);

    // The URL alone reproduces the view.
    await page.reload();
    await expect.poll(() => page.getByTestId('contact-search').inputValue()).toBe(term);
    await expect
      .poll(async () => {
        const rows = await page.getByTestId('contact-row').allTextContents();
        return rows.length > 0 && rows.every((row) => row.toLowerCase().includes(term));
      })
      .toBe(true);

    await page.getByTestId('contact-name').filter({ hasText: firstName }).first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('contact-title').textContent()).toBe(firstName);
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shotDir, 'tandem-contact.png'), fullPage: true });
  });

  it('shows the stage glossary and says what the later areas will do, without numbers', async () => {
    await page.getByRole('link', { name: 'Definitions' }).click();
    await expect.poll(() => page.getByTestId('stage-definition').count()).toBeGreaterThan(0);

    // Inbox and SLA have their pages now (test/browser/sla.browser.test.ts).
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Inbox');
    await page.getByRole('link', { name: 'SLA', exact: true }).click();
    await page.getByTestId('contract-in-force').waitFor();
    // Reports have their pages now (test/browser/reports.browser.test.ts).
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await expect.poll(() => page.getByTestId('report-link').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Settings');
    await expect.poll(() => page.getByTestId('coming-soon').textContent()).toContain('Coming');
    const text = (await page.getByTestId('coming-soon').textContent())!;
    expect(text, 'Settings must not show invented figures').not.toMatch(/\d/);
  });

  it('signs out and then keeps pages behind sign-in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.goto(`${url}/accounts`);
    await page.waitForURL(/\/signin$/);
  });
});
