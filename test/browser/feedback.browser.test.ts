import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoPassword,
  launchChromium,
  type RunningTandem,
  shotDir,
  signIn,
  startTandem,
} from '../support/browser.js';

const marketer = 'jordan.lee@demo.tandem.test';
const rep = 'amara.okafor@demo.tandem.test';

const whole = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** The handed counts of every group row and of the totals row, as shown. */
async function handedCounts(page: Page): Promise<{ rows: number[]; total: number }> {
  const rows = await page
    .getByTestId('feedback-row')
    .locator('[data-testid="handed"]')
    .allTextContents();
  const total = await page
    .getByTestId('feedback-totals')
    .locator('[data-testid="handed"]')
    .textContent();
  return { rows: rows.map(whole), total: whole(total) };
}

function bars(page: Page): Promise<{ series: string; category: string; value: number }[]> {
  return page
    .getByTestId('feedback-chart')
    .locator('[data-testid="bar"]')
    .evaluateAll((rects) =>
      rects.map((r) => ({
        series: r.getAttribute('data-series')!,
        category: r.getAttribute('data-category')!,
        value: Number(r.getAttribute('data-value')),
      })),
    );
}

/** Waits for the report the page asks for next, and returns it. */
async function reportAfter(page: Page, action: () => Promise<void>, urlPart = '') {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.url().includes('/api/v1/reports/source-quality') &&
        r.url().includes(urlPart) &&
        !r.url().includes('format=csv'),
    ),
    action(),
  ]);
  expect(response.status()).toBe(200);
  return (await response.json()) as {
    rows: { group: string; label: string; handed: number }[];
    totals: { handed: number };
  };
}

describe('feedback page in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    await signIn(page, tandem.url, marketer, demoPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  it('shows the demo sources with handed counts adding up to the totals, and a bar chart', async () => {
    const report = await reportAfter(page, () =>
      page.getByRole('link', { name: 'Feedback', exact: true }).click(),
    );
    await page.waitForURL(/\/feedback$/);
    await page.getByTestId('feedback-report').waitFor();
    expect(report.rows.length).toBeGreaterThanOrEqual(3);

    const shown = await handedCounts(page);
    expect(shown.rows).toHaveLength(report.rows.length);
    expect(shown.rows.reduce((s, n) => s + n, 0)).toBe(shown.total);
    expect(shown.total).toBe(report.totals.handed);
    expect(shown.total).toBeGreaterThan(100);

    const drawn = await bars(page);
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn.map((b) => b.series))).toEqual(new Set(['acceptanceRate', 'winRate']));
    for (const b of drawn) expect(b.value).toBeGreaterThanOrEqual(0);
    expect(drawn.some((b) => b.series === 'winRate' && b.value > 0)).toBe(true);

    // Reasons appear by the label of the definitions in force, not as codes.
    const reasons = await page.getByTestId('reject-reasons').first().textContent();
    expect(reasons).not.toMatch(/[a-z]+_[a-z]+/);
    expect(await page.getByTestId('feedback-summary').textContent()).toMatch(
      /leads handed to sales: [\d.]+% accepted/,
    );
    await page.screenshot({ path: path.join(shotDir, 'feedback-source.png'), fullPage: true });
  });

  it('switches to personas with their names, and keeps the choice in the URL and the CSV link', async () => {
    const report = await reportAfter(page, () =>
      page.getByTestId('feedback-group-by').getByText('Persona').click(),
    );
    await page.waitForURL(/groupBy=persona/);
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBe(report.rows.length);
    const labels = await page
      .getByTestId('feedback-row')
      .locator('td:first-child')
      .allTextContents();
    expect(labels).toContain('Revenue operations leader');
    expect(labels).toContain('(none)');
    const shown = await handedCounts(page);
    expect(shown.rows.reduce((s, n) => s + n, 0)).toBe(shown.total);

    const href = await page.getByTestId('feedback-csv').getAttribute('href');
    expect(href).toMatch(/groupBy=persona/);
    expect(href).toMatch(/format=csv/);
    const csv = await page.request.get(`${tandem.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^persona,label,handed,/);
    expect(lines).toHaveLength(report.rows.length + 2);
  });

  it('narrows the period to the last days shown', async () => {
    const through = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('feedback-group-by').getByText('Source').click();
    await page.getByTestId('feedback-from').fill(from);
    // The API's end is the day after the last one shown.
    const end = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const report = await reportAfter(
      page,
      () => page.getByTestId('feedback-through').fill(through),
      `to=${end}`,
    );
    await expect.poll(() => page.url()).toMatch(new RegExp(`from=${from}.*through=${through}`));
    await expect.poll(async () => (await handedCounts(page)).total).toBe(report.totals.handed);
    expect(report.totals.handed).toBeGreaterThan(0);
  });

  it('is there for a sales rep too', async () => {
    const repPage = await browser.newPage();
    await signIn(repPage, tandem.url, rep, demoPassword);
    await repPage.getByRole('link', { name: 'Feedback', exact: true }).click();
    await repPage.getByTestId('feedback-totals').waitFor();
    expect((await handedCounts(repPage)).total).toBeGreaterThan(100);
    await repPage.close();
  });
});
