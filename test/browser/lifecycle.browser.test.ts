import path from 'node:path';
import {
  type APIRequestContext,
  type Browser,
  type Page,
  request as playwrightRequest,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoPassword,
  launchChromium,
  type RunningTandem,
  shotDir,
  signIn,
  startTandem,
} from '../support/browser.js';

const manager = { email: 'priya.raman@demo.tandem.test', name: 'Priya Raman' };
const rep = { email: 'oliver.bennett@demo.tandem.test', name: 'Oliver Bennett' };
const marketer = { email: 'jordan.lee@demo.tandem.test', name: 'Jordan Lee' };
const notReady = 'Not ready: revisit next quarter';

interface Session {
  api: APIRequestContext;
  csrf: string;
  id: string;
}

/**
 * The lead desk in a real browser, as a team lives it: tracking activity makes
 * a lead an MQL by itself, the manager assigns it, the rep accepts, attempts,
 * qualifies with BANT, opens and wins the deal; another lead is rejected,
 * recycled and qualifies again; marketing is not offered sales' decisions.
 */
describe('lead lifecycle in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let writeKey: string;
  let managerApi: Session;

  /** A member signed in through the API (cookie and CSRF token), for setting the scene. */
  async function apiSession(email: string, password: string): Promise<Session> {
    const api = await playwrightRequest.newContext({ baseURL: tandem.url });
    const res = await api.post('/api/v1/session', { data: { email, password } });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { csrfToken: string; member: { id: string } };
    return { api, csrf: body.csrfToken, id: body.member.id };
  }

  async function track(events: Record<string, unknown>[]) {
    const api = await playwrightRequest.newContext({ baseURL: tandem.url });
    const res = await api.post('/v1/batch', {
      headers: { authorization: `Bearer ${writeKey}` },
      data: { batch: events },
    });
    expect(res.status(), await res.text()).toBe(200);
    await api.dispose();
  }

  async function contactByEmail(email: string): Promise<{ id: string; lifecycleStage: string }> {
    const res = await managerApi.api.get(`/api/v1/contacts?q=${encodeURIComponent(email)}`);
    const { items } = (await res.json()) as { items: { id: string; lifecycleStage: string }[] };
    expect(items).toHaveLength(1);
    return items[0]!;
  }

  /** Enough fit (marketing director) and engagement (demo request, contact form, pricing) for MQL. */
  async function qualifyingActivity(userId: string, email: string): Promise<string> {
    await track([
      {
        type: 'identify',
        userId,
        traits: { email, title: 'Head of Demand Generation', department: 'marketing' },
      },
      { type: 'track', userId, event: 'Form Submitted', properties: { form: 'demo-request' } },
      { type: 'track', userId, event: 'Form Submitted', properties: { form: 'contact-us' } },
      ...[1, 2, 3].map(() => ({ type: 'page', userId, properties: { path: '/pricing' } })),
    ]);
    const contact = await contactByEmail(email);
    expect(contact.lifecycleStage).toBe('mql');
    return contact.id;
  }

  async function assignViaApi(contactId: string, ownerId: string) {
    const res = await managerApi.api.patch(`/api/v1/contacts/${contactId}`, {
      headers: { 'x-csrf-token': managerApi.csrf },
      data: { ownerId },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  async function pageAs(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, tandem.url, email, demoPassword);
    return page;
  }

  const stageOf = (page: Page) => page.getByTestId('lead-stage').getAttribute('data-stage');
  const historyOf = (page: Page) =>
    page
      .getByTestId('stage-history-step')
      .evaluateAll((steps) => steps.map((s) => s.getAttribute('data-stage')));

  async function openContact(page: Page, id: string, stage: string) {
    await page.goto(`${tandem.url}/contacts/${id}`);
    await page.getByTestId('lead-desk').waitFor();
    await expect.poll(() => stageOf(page)).toBe(stage);
  }

  let repPage: Page;
  let repId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    tandem = await startTandem();
    const admin = await apiSession(tandem.email, tandem.password);
    const key = await admin.api.post('/api/v1/api-keys', {
      headers: { 'x-csrf-token': admin.csrf },
      data: { name: 'site', scopes: ['ingest'] },
    });
    expect(key.status(), await key.text()).toBe(201);
    writeKey = ((await key.json()) as { key: string }).key;
    await admin.api.dispose();
    managerApi = await apiSession(manager.email, demoPassword);
    const repSession = await apiSession(rep.email, demoPassword);
    repId = repSession.id;
    await repSession.api.dispose();
    repPage = await pageAs(rep.email);
  });

  afterAll(async () => {
    await managerApi?.api.dispose();
    await browser?.close();
    await tandem?.stop();
  });

  it('walks an MQL through assignment, acceptance, attempts, BANT, SQL, opportunity and a win', async () => {
    const id = await qualifyingActivity('browser-walk-1', 'ada.walk@acme.test');

    // The manager hands the unowned MQL to the rep.
    const managerPage = await pageAs(manager.email);
    await openContact(managerPage, id, 'mql');
    expect(await managerPage.getByTestId('lead-owner').textContent()).toContain(
      'Not assigned to anyone',
    );
    await managerPage.getByTestId('assign-owner-select').click();
    await managerPage.getByRole('option', { name: rep.name }).click();
    await managerPage.getByTestId('assign-owner-submit').click();
    await expect
      .poll(() => managerPage.getByTestId('lead-owner').textContent())
      .toContain(`Owned by ${rep.name}`);
    await managerPage.context().close();

    // The rep accepts it.
    const page = repPage;
    await openContact(page, id, 'mql');
    await page.getByTestId('lead-accept').click();
    await expect.poll(() => stageOf(page)).toBe('sal');
    expect(await page.getByTestId('lead-accept').count()).toBe(0);

    // Two attempts, the second by email; outcomes follow the channel.
    await page.getByTestId('lead-log-attempt').click();
    const attempt = page.getByTestId('attempt-modal');
    await attempt.getByLabel('No answer').check();
    await attempt.getByTestId('attempt-note').fill('Rang the office line');
    await attempt.getByTestId('attempt-submit').click();
    await attempt.waitFor({ state: 'hidden' });
    await page.getByTestId('lead-log-attempt').click();
    await attempt.getByTestId('attempt-channel').getByText('Email').click();
    expect(await attempt.getByLabel('No answer').count()).toBe(0);
    await attempt.getByLabel('Replied').check();
    await attempt.getByTestId('attempt-note').fill('Wants a call on Thursday');
    await attempt.getByTestId('attempt-submit').click();
    await attempt.waitFor({ state: 'hidden' });
    const attempts = page.locator('[data-testid=timeline-entry][data-kind=attempt]');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.first().textContent()).toContain('Email · Replied');
    expect(await attempts.first().textContent()).toContain(`By ${rep.name}`);
    expect(await attempts.first().textContent()).toContain('Wants a call on Thursday');
    expect(await attempts.nth(1).textContent()).toContain('Call · No answer');

    // BANT: saved in two goes; SQL only once all four are answered.
    const form = page.getByTestId('qualification-form');
    const field = (key: string) =>
      form.locator(`[data-testid=qualification-field][data-key=${key}]`);
    const qualify = page.getByTestId('qualify');
    expect(await form.getByTestId('qualification-missing').getAttribute('data-count')).toBe('4');
    expect(await qualify.isDisabled()).toBe(true);
    await field('budget').fill('40k approved for Q1');
    await field('authority').fill('VP Marketing signs');
    await form.getByTestId('qualification-save').click();
    await expect
      .poll(() => form.getByTestId('qualification-missing').textContent())
      .toBe('Missing: Need, Timeline');
    const stored = await managerApi.api.get(`/api/v1/contacts/${id}`);
    expect(((await stored.json()) as { qualification: unknown }).qualification).toEqual({
      budget: '40k approved for Q1',
      authority: 'VP Marketing signs',
    });
    expect(await qualify.isDisabled()).toBe(true);
    await field('need').fill('Leads leak between teams');
    await field('timeline').fill('Decision in January');
    await expect.poll(() => qualify.isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(shotDir, 'tandem-lead-desk.png'), fullPage: true });
    await qualify.click();
    await expect.poll(() => stageOf(page)).toBe('sql');

    // The deal: opened with an expected amount, won with the amount signed.
    await page.getByTestId('lead-open-opportunity').click();
    await page.getByTestId('opportunity-modal').getByTestId('amount-input').fill('20000');
    await page.getByTestId('opportunity-submit').click();
    await expect.poll(() => stageOf(page)).toBe('opportunity');
    await page.getByTestId('lead-won').click();
    expect(await page.getByTestId('won-submit').isDisabled()).toBe(true);
    await page.getByTestId('won-modal').getByTestId('amount-input').fill('24000');
    await page.getByTestId('won-submit').click();
    await expect.poll(() => stageOf(page)).toBe('customer');

    expect(await page.getByTestId('lead-stage').textContent()).toBe('Customer');
    await expect
      .poll(() => historyOf(page))
      .toEqual(['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer']);
    const moves = page.locator('[data-testid=timeline-entry][data-kind=transition]');
    await expect.poll(() => moves.first().textContent()).toContain('Opportunity → Customer');
    expect(await moves.first().textContent()).toContain(`By ${rep.name}`);
    expect(await moves.first().textContent()).toContain('amount 24,000');
    expect(await page.getByTestId('lead-actions').count()).toBe(0);
    await page.screenshot({ path: path.join(shotDir, 'tandem-lead-won.png'), fullPage: true });
  });

  it('rejects a lead as not ready (recycled) and sees it qualify again on new activity', async () => {
    const id = await qualifyingActivity('browser-walk-2', 'bo.walk@globex.test');
    await assignViaApi(id, repId);
    const page = repPage;
    await openContact(page, id, 'mql');

    await page.getByTestId('lead-reject').click();
    const modal = page.getByTestId('reject-modal');
    const groups = await modal
      .getByTestId('reason-group')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-outcome')));
    expect(groups).toEqual(['recycled', 'disqualified']);
    expect(await modal.getByText('Lost: price').count()).toBe(0);
    expect(await page.getByTestId('reject-submit').isDisabled()).toBe(true);
    await modal.getByLabel(notReady).check();
    await page.screenshot({ path: path.join(shotDir, 'tandem-lead-reject.png') });
    await modal.getByTestId('reason-note').fill('Budget opens in Q3');
    await page.getByTestId('reject-submit').click();
    await expect.poll(() => stageOf(page)).toBe('recycled');
    const rejected = page.locator('[data-testid=timeline-entry][data-kind=transition]').first();
    await expect.poll(() => rejected.textContent()).toContain(notReady);
    expect(await rejected.textContent()).toContain('Budget opens in Q3');

    await track([{ type: 'page', userId: 'browser-walk-2', properties: { path: '/pricing' } }]);
    await page.reload();
    await expect.poll(() => stageOf(page)).toBe('mql');
    await expect.poll(() => historyOf(page)).toEqual(['lead', 'mql', 'recycled', 'mql']);
  });

  it('shows the server’s refusal inline when the lead moved meanwhile', async () => {
    const id = await qualifyingActivity('browser-walk-3', 'cy.walk@initech.test');
    await assignViaApi(id, repId);
    const page = repPage;
    await openContact(page, id, 'mql');

    // The manager turns it down while the rep still has it open.
    const res = await managerApi.api.post(`/api/v1/contacts/${id}/reject`, {
      headers: { 'x-csrf-token': managerApi.csrf },
      data: { reasonCode: 'spam' },
    });
    expect(res.status(), await res.text()).toBe(200);

    await page.getByTestId('lead-accept').click();
    const error = page.getByTestId('lead-action-error');
    await expect.poll(() => error.getAttribute('data-status')).toBe('409');
    expect(await error.textContent()).toContain('cannot move to "sal"');
    await expect.poll(() => stageOf(page)).toBe('disqualified');
    expect(await page.getByTestId('contact-title').count()).toBe(1);
  });

  it('offers marketing no accept or reject on an MQL', async () => {
    const { id } = await contactByEmail('bo.walk@globex.test');
    const page = await pageAs(marketer.email);
    await openContact(page, id, 'mql');
    await page.getByTestId('stage-history').waitFor();
    expect(await page.getByTestId('lead-accept').count()).toBe(0);
    expect(await page.getByTestId('lead-reject').count()).toBe(0);
    expect(await page.getByTestId('lead-no-actions').textContent()).toContain(
      'sales accepts or rejects',
    );
    await page.context().close();
  });
});
