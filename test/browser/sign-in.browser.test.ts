import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForLine } from '../support/run-cli.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The built app in a real browser: the server is started the way a user starts
 * it (bin/tandem.js serve --demo), and the login is read from what it prints.
 */
describe('web app in Chromium', () => {
  let server: ChildProcess;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let url: string;
  let email: string;
  let password: string;

  beforeAll(async () => {
    if (!fs.existsSync(chromiumPath))
      throw new Error(
        `Chromium not found at ${chromiumPath}; install it (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-browser-'));
    server = spawn(process.execPath, ['bin/tandem.js', 'serve', '--demo', '--port', '0'], {
      env: { ...process.env, TANDEM_DATA_DIR: dataDir, TANDEM_LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const login = waitForLine(server, /Sign in as (\S+) \/ (\S+)/, 120_000);
    [, url] = (await waitForLine(
      server,
      /Tandem is running at (http:\/\/\S+)/,
      120_000,
    )) as unknown as [string, string];
    [, email, password] = (await login) as unknown as [string, string, string];
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    if (server && server.exitCode === null)
      await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a wrong password on the sign-in page with the reason', async () => {
    await page.goto(`${url}/contacts`);
    await page.waitForURL(/\/signin$/);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('signin-error').textContent())
      .toBe('Email or password is not correct');
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('signs in with the printed login, searches, and opens a contact with its timeline', async () => {
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/contacts$/);
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(50);
    await expect.poll(() => page.getByTestId('member-name').textContent()).toBeTruthy();

    const firstName = (await page.getByTestId('contact-name').first().textContent())!;
    const lastName = firstName.split(' ').at(-1)!;
    await page.getByPlaceholder('Name, email or company').fill(lastName);
    await page.waitForURL(new RegExp(`q=${encodeURIComponent(lastName)}`));
    await expect
      .poll(async () => {
        const names = await page.getByTestId('contact-name').allTextContents();
        return (
          names.length > 0 &&
          names.length < 50 &&
          names.every((n) => n.toLowerCase().includes(lastName.toLowerCase()))
        );
      })
      .toBe(true);
    const found = await page.getByTestId('contact-name').allTextContents();
    expect(found).toContain(firstName);

    await page.getByTestId('contact-name').filter({ hasText: firstName }).first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('contact-title').textContent()).toBe(firstName);
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(os.tmpdir(), 'tandem-contact.png'), fullPage: true });
  });

  it('shows the later areas as coming, without numbers', async () => {
    await page.getByRole('link', { name: 'SLA' }).click();
    await expect.poll(() => page.getByTestId('coming-soon').textContent()).toContain('Coming soon');
  });
});
