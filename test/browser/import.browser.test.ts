import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoPassword,
  launchChromium,
  type RunningTandem,
  shotDir,
  signIn,
  startTandem,
} from '../support/browser.js';

/** A HubSpot contacts export: 8 rows, one of them with an invalid email. */
const fixture = fileURLToPath(new URL('../fixtures/import/web-contacts.csv', import.meta.url));
const validRows = 7;
const importedEmail = 'ada.okafor@harbourlight.test';

function counts(page: Page) {
  return Promise.all(
    ['created', 'updated', 'unchanged', 'failed'].map((key) =>
      page.getByTestId(`count-${key}`).textContent(),
    ),
  ).then(([created, updated, unchanged, failed]) => ({ created, updated, unchanged, failed }));
}

describe('CSV import in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await signIn(page, tandem.url, tandem.email, tandem.password);
  });

  afterAll(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  it('checks a HubSpot export with a dry run, lists the bad row, and imports the rest', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/imports$/);
    await page.getByTestId('import-file-input').setInputFiles(fixture);

    await page.getByTestId('import-preview').waitFor();
    await expect
      .poll(() => counts(page))
      .toEqual({ created: String(validRows), updated: '0', unchanged: '0', failed: '1' });
    await expect.poll(() => page.getByTestId('import-preset').textContent()).toContain('HubSpot');
    const emailMapping = page.getByTestId('mapping-row').filter({ hasText: /^Email/ });
    expect(await emailMapping.getAttribute('data-ignored')).toBeNull();

    const errorRows = page.getByTestId('import-error-row');
    await expect.poll(() => errorRows.count()).toBe(1);
    const errorText = (await errorRows.first().textContent())!;
    expect(errorText).toContain('Email');
    expect(errorText).toContain('not-an-email');

    // The error report is made in the browser and holds what the table shows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-error-report').click(),
    ]);
    expect(download.suggestedFilename()).toBe('web-contacts-errors.csv');
    const report = fs.readFileSync((await download.path())!, 'utf8');
    expect(report.split('\r\n')[0]).toBe('row,column,value,reason');
    expect(report).toContain('not-an-email');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({
      path: path.join(shotDir, 'tandem-import-preview.png'),
      fullPage: true,
    });

    const importButton = page.getByTestId('run-import');
    expect(await importButton.textContent()).toBe(`Import ${validRows} rows`);
    await importButton.click();
    await page.getByTestId('import-result').waitFor();
    await expect
      .poll(() => counts(page))
      .toEqual({ created: String(validRows), updated: '0', unchanged: '0', failed: '1' });
    await expect.poll(() => page.getByTestId('import-error-row').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('recent-import-row').first().textContent())
      .toContain('web-contacts.csv');
    await page.screenshot({ path: path.join(shotDir, 'tandem-import-result.png'), fullPage: true });

    await page.getByTestId('import-open-list').click();
    await page.waitForURL(/\/contacts$/);
    await page.getByTestId('contact-search').fill(importedEmail);
    await page.waitForURL((u) => u.searchParams.get('q') === importedEmail);
    await expect
      .poll(() => page.getByTestId('contact-row').allTextContents())
      .toEqual([expect.stringContaining(importedEmail)]);
    expect(await page.getByTestId('contact-name').textContent()).toBe('Ada Okafor');
  });

  it('imports the same file again and changes nothing', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-file-input').setInputFiles(fixture);
    await page.getByTestId('import-preview').waitFor();
    await expect
      .poll(() => counts(page))
      .toEqual({ created: '0', updated: '0', unchanged: String(validRows), failed: '1' });

    await page.getByTestId('run-import').click();
    await page.getByTestId('import-result').waitFor();
    await expect
      .poll(() => counts(page))
      .toEqual({ created: '0', updated: '0', unchanged: String(validRows), failed: '1' });
    await expect.poll(() => page.getByTestId('recent-import-row').count()).toBe(2);

    // A stored run opens with its errors.
    await page.getByTestId('recent-import-row').first().getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('import-error-row').count()).toBe(1);
    await page.keyboard.press('Escape');

    await page.goto(`${tandem.url}/contacts?q=harbourlight.test`);
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(2);
  });

  it('reads a mapping file and marks the columns it ignores', async () => {
    await page.goto(`${tandem.url}/imports`);
    const mapping = { columns: { Email: 'email', 'Phone Number': null } };
    await page.locator('input[type=file][accept=".json,application/json"]').setInputFiles({
      name: 'mapping.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(mapping)),
    });
    await page.getByTestId('import-file-input').setInputFiles(fixture);
    await page.getByTestId('import-preview').waitFor();

    const phone = page.getByTestId('mapping-row').filter({ hasText: /^Phone Number/ });
    await expect.poll(() => phone.getAttribute('data-ignored')).toBe('true');
    expect(await phone.textContent()).toContain('ignored');
    const email = page.getByTestId('mapping-row').filter({ hasText: /^Email/ });
    expect(await email.getAttribute('data-ignored')).toBeNull();
    // A mapping replaces detection: no preset was used.
    expect(await page.getByTestId('import-preset').textContent()).toContain('No preset');
  });

  it('shows the server’s reason when it cannot read the file', async () => {
    // What the page shows must be the server's own problem detail.
    const bad = 'Email,First Name\r\n"ada@unclosed.test,Ada\r\n';
    const me = await page.request.get(`${tandem.url}/api/v1/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const answer = await page.request.post(`${tandem.url}/api/v1/imports`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { kind: 'contacts', csv: bad, fileName: 'broken.csv', dryRun: true },
    });
    expect(answer.status()).toBe(400);
    const { detail } = (await answer.json()) as { detail: string };
    expect(detail).toBeTruthy();

    await page.goto(`${tandem.url}/imports`);
    await page
      .getByTestId('import-file-input')
      .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => page.getByTestId('import-error-detail').textContent()).toBe(detail);
    expect(await page.getByTestId('import-preview').count()).toBe(0);
  });

  it('keeps importing away from sales reps', async () => {
    const repContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const rep = await repContext.newPage();
    await signIn(rep, tandem.url, 'oliver.bennett@demo.tandem.test', demoPassword);
    expect(await rep.getByRole('link', { name: 'Import', exact: true }).count()).toBe(0);
    await rep.goto(`${tandem.url}/imports`);
    await rep.getByTestId('import-not-allowed').waitFor();
    expect(await rep.getByTestId('import-file-input').count()).toBe(0);
    await repContext.close();
  });
});
