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
const salesManager = 'priya.raman@demo.tandem.test';
const newMql = 'A lead with a total score of 70 or more and a business email address.';

interface Stage {
  key: string;
  definition: string;
}

interface DefinitionsDocument {
  stages: Stage[];
  reasonCodes: { key: string; outcome: string }[];
}

async function openDefinitions(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Definitions', exact: true }).click();
  await page.waitForURL(/\/definitions$/);
  await page.getByTestId('definitions-in-force').waitFor();
}

const mqlText = (page: Page) =>
  page.locator('[data-testid=stage-definition][data-stage=mql]').getByTestId('stage-text');

describe('definitions page in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signIn(page, tandem.url, marketer, demoPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  it('shows the glossary in force: stages, framework, reason codes and personas', async () => {
    await openDefinitions(page);
    expect(await page.getByTestId('definitions-in-force').textContent()).toMatch(/Version 1,/);
    await expect.poll(() => page.getByTestId('stage-definition').count()).toBe(11);
    await page.getByRole('tab', { name: 'Qualification and reasons' }).click();
    await expect.poll(() => page.getByTestId('framework-field').count()).toBe(4);
    expect(await page.getByTestId('reason-code').count()).toBeGreaterThan(5);
    await page.getByRole('tab', { name: 'Personas' }).click();
    await expect.poll(() => page.getByTestId('persona').count()).toBe(3);
  });

  it('names each problem of a bad proposal by its path and proposes nothing', async () => {
    await page.getByTestId('propose-tab').click();
    const editor = page.getByTestId('proposal-document');
    const document = JSON.parse(await editor.inputValue()) as DefinitionsDocument;
    document.reasonCodes[0]!.outcome = 'sal';
    await editor.fill(JSON.stringify(document, null, 2));
    await page.getByTestId('propose-button').click();
    await expect
      .poll(() => page.getByTestId('proposal-problem').getAttribute('data-path'))
      .toBe('reasonCodes/0/outcome');
    expect(await page.getByTestId('proposal').count()).toBe(0);
  });

  it('lets marketing propose a change and sign it, leaving it pending for sales', async () => {
    await page.getByRole('button', { name: 'Start again from the version in force' }).click();
    const editor = page.getByTestId('proposal-document');
    const document = JSON.parse(await editor.inputValue()) as DefinitionsDocument;
    document.stages.find((s) => s.key === 'mql')!.definition = newMql;
    await editor.fill(JSON.stringify(document, null, 2));
    await page.getByTestId('proposal-summary').fill('MQL needs a business email');
    await page.getByTestId('propose-button').click();

    const proposal = page.locator('[data-testid=proposal][data-version="2"]');
    await proposal.waitFor();
    const changes = proposal.getByTestId('proposal-change');
    await expect.poll(() => changes.count()).toBe(1);
    expect(await changes.textContent()).toContain(`definition: `);
    expect(await changes.textContent()).toContain(newMql);

    await proposal.getByTestId('sign-button').click();
    await proposal.getByTestId('signed-by-me').waitFor();
    expect(await proposal.getByTestId('proposal-status').textContent()).toBe('pending');
    expect(
      await proposal.locator('[data-testid=signature][data-side=marketing]').textContent(),
    ).toContain('Jordan Lee');
    expect(
      await proposal.locator('[data-testid=signature-missing]').getAttribute('data-side'),
    ).toBe('sales');
    // Still the old glossary in force.
    expect(await page.getByTestId('definitions-in-force').textContent()).toMatch(/Version 1,/);
    await page.getByRole('tab', { name: 'Stages' }).click();
    expect(await mqlText(page).textContent()).not.toBe(newMql);
    await page.screenshot({
      path: path.join(shotDir, 'tandem-definitions-pending.png'),
      fullPage: true,
    });
  });

  it('puts the version in force once a sales manager signs, and records who signed', async () => {
    const manager = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    await signIn(manager, tandem.url, salesManager, demoPassword);
    await openDefinitions(manager);
    const proposal = manager.locator('[data-testid=proposal][data-version="2"]');
    await proposal.waitFor();
    expect(await proposal.getByTestId('sign-button').textContent()).toBe('Sign for sales');
    await proposal.getByTestId('sign-button').click();

    await expect.poll(() => proposal.count()).toBe(0);
    await expect
      .poll(() => manager.getByTestId('definitions-in-force').textContent())
      .toMatch(/Version 2,/);
    await expect.poll(() => mqlText(manager).textContent()).toBe(newMql);

    await manager.getByTestId('history-tab').click();
    const row = manager.locator('[data-testid=definitions-version-row][data-version="2"]');
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(
      await row.locator('[data-testid=signature][data-side=marketing]').textContent(),
    ).toContain('Jordan Lee');
    expect(await row.locator('[data-testid=signature][data-side=sales]').textContent()).toContain(
      'Priya Raman',
    );
    expect(
      await manager
        .locator('[data-testid=definitions-version-row][data-version="1"]')
        .getAttribute('data-status'),
    ).toBe('superseded');
    await manager.screenshot({
      path: path.join(shotDir, 'tandem-definitions-history.png'),
      fullPage: true,
    });
  });

  it('lists the personas with their matched contacts', async () => {
    await page.getByRole('link', { name: 'Personas', exact: true }).click();
    await page.waitForURL(/\/personas$/);
    await expect.poll(() => page.getByTestId('persona').count()).toBe(3);
    const counts = await page.getByTestId('persona-contacts').allTextContents();
    expect(counts.every((c) => /^[\d,]+ contacts$/.test(c))).toBe(true);
    const answer = await page.request.get(`${tandem.url}/api/v1/personas`);
    const personas = (await answer.json()) as { items: { contacts: number }[] };
    expect(counts).toEqual(
      personas.items.map((p) => `${p.contacts.toLocaleString('en')} contacts`),
    );
    await page.screenshot({ path: path.join(shotDir, 'tandem-personas.png'), fullPage: true });
  });
});
