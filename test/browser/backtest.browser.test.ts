import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../src/services/scoring/run-backtest.js';
import {
  demoPassword,
  launchChromium,
  type RunningTandem,
  shotDir,
  signIn,
  startTandem,
} from '../support/browser.js';

const salesManager = 'priya.raman@demo.tandem.test';
const candidate = fs.readFileSync(
  new URL('../fixtures/scoring/candidate-model.json', import.meta.url),
  'utf8',
);

interface DrawnBar {
  series: string;
  category: string;
  value: number;
  height: number;
}

function bars(page: Page, chart: string): Promise<DrawnBar[]> {
  return page
    .getByTestId(chart)
    .locator('[data-testid="bar"]')
    .evaluateAll((rects) =>
      rects.map((r) => ({
        series: r.getAttribute('data-series')!,
        category: r.getAttribute('data-category')!,
        value: Number(r.getAttribute('data-value')),
        height: Number(r.getAttribute('height')),
      })),
    );
}

/** Runs the form as it stands and returns what the server answered. */
async function run(page: Page): Promise<{ status: number; body: unknown }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/scoring/backtests'), { timeout: 90_000 }),
    page.getByTestId('run-backtest').click(),
  ]);
  return { status: response.status(), body: await response.json() };
}

describe('backtest page in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    await signIn(page, tandem.url, salesManager, demoPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  it('backtests a pasted model beside the active one on the demo and draws the figures', async () => {
    await page.getByRole('link', { name: 'Scoring', exact: true }).click();
    await page.getByTestId('backtest-link').click();
    await page.waitForURL(/\/scoring\/backtest$/);
    await page.getByTestId('backtest-source').getByText('Paste JSON').click();
    await page.getByTestId('backtest-json').fill(candidate);
    const answer = await run(page);
    expect(answer.status).toBe(200);
    const result = answer.body as BacktestResult;
    await page.getByTestId('backtest-result').waitFor();
    const months = result.period.months;
    expect(months.length).toBeGreaterThanOrEqual(3);

    // One bar per month for each model and for the actual handoffs, as tall as its figure.
    const drawn = await bars(page, 'months-chart');
    const expected = [
      ...result.models.map((m) => ({ key: m.key, values: m.months.map((x) => x.qualified) })),
      { key: 'handoffs', values: result.handoffs.map((h) => h.count) },
    ];
    expect(expected.map((e) => e.key)).toEqual(['candidate', 'baseline', 'handoffs']);
    for (const { key, values } of expected) {
      const series = drawn.filter((b) => b.series === key);
      expect(series.map((b) => b.category)).toEqual(months);
      expect(series.map((b) => b.value)).toEqual(values);
      expect(series.some((b) => b.height > 0)).toBe(true);
    }
    // Heights are proportional to the figures: one scale for every bar.
    const scale = drawn.filter((b) => b.value > 0).map((b) => b.height / b.value);
    for (const s of scale) expect(s).toBeCloseTo(scale[0]!, 3);
    for (const b of drawn.filter((x) => x.value === 0)) expect(b.height).toBe(0);
    const quota = page.getByTestId('months-chart').getByTestId('reference-line');
    expect(Number(await quota.getAttribute('data-value'))).toBe(result.quota.perMonth);
    expect(await page.getByTestId('month-row').count()).toBe(months.length);

    // Acceptance rates by band: a bar for every band and group that has contacts.
    const rates = await bars(page, 'bands-chart');
    const groupsWithContacts = result.models.flatMap((m) => [
      ...m.bands.filter((b) => b.contacts > 0).map((b) => `${m.key}:${b.band}`),
      ...(m.qualifiedCohort.contacts > 0 ? [`${m.key}:qualified`] : []),
      ...(m.notQualifiedCohort.contacts > 0 ? [`${m.key}:not qualified`] : []),
    ]);
    expect(rates.map((b) => `${b.series}:${b.category}`).sort()).toEqual(groupsWithContacts.sort());
    expect(rates.some((b) => b.height > 0)).toBe(true);
    const hot = result.models[0]!.bands[0]!;
    const hotBar = rates.find((b) => b.series === 'candidate' && b.category === 'hot');
    expect(hotBar?.value).toBe(hot.acceptanceRate ?? undefined);

    // ROC curves through the points the server computed, and their AUC in the table.
    const roc = page.getByTestId('roc-chart').locator('[data-testid="line"]');
    expect(await roc.count()).toBe(2);
    for (const [i, m] of result.models.entries()) {
      expect(Number(await roc.nth(i).getAttribute('data-points'))).toBe(m.ranking.roc.length);
      expect(m.ranking.roc.length).toBeGreaterThan(10);
    }
    expect(await page.getByTestId('ranking-auc').allTextContents()).toEqual(
      result.models.map((m) => m.ranking.auc!.toFixed(3)),
    );
    const gains = page.getByTestId('gains-chart').locator('[data-testid="line"]');
    expect(await gains.count()).toBe(2);
    await page.screenshot({ path: path.join(shotDir, 'tandem-backtest.png'), fullPage: true });
  });

  it('tests a saved version, and shows each problem of a bad document', async () => {
    await page.getByTestId('backtest-source').getByText('A saved version').click();
    await page.getByTestId('backtest-model').click();
    await page.getByRole('option', { name: /\(active\)/ }).click();
    await page.getByTestId('backtest-compare').click();
    await page.getByRole('option', { name: 'Nothing' }).click();
    const answer = await run(page);
    expect(answer.status).toBe(200);
    const result = answer.body as BacktestResult;
    expect(result.models).toHaveLength(1);
    await expect
      .poll(() => page.getByTestId('backtest-summary').textContent())
      .toMatch(/^v1 .*\(active\): /);
    const drawn = await bars(page, 'months-chart');
    expect(new Set(drawn.map((b) => b.series))).toEqual(new Set(['candidate', 'handoffs']));

    await page.getByTestId('backtest-source').getByText('Paste JSON').click();
    const broken = { ...JSON.parse(candidate), halfLifeDays: 0 };
    await page.getByTestId('backtest-json').fill(JSON.stringify(broken));
    const refused = await run(page);
    expect(refused.status).toBe(400);
    await expect
      .poll(() => page.getByTestId('backtest-error').textContent())
      .toContain('document/halfLifeDays');

    await page.getByTestId('backtest-json').fill('{ not json');
    await page.getByTestId('run-backtest').click();
    await expect
      .poll(() => page.getByTestId('backtest-form-problem').textContent())
      .toContain('not valid JSON');
  });
});
