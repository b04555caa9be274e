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
const marketer = { email: 'jordan.lee@demo.tandem.test', name: 'Jordan Lee' };
const rep = { email: 'oliver.bennett@demo.tandem.test', name: 'Oliver Bennett' };
const otherRep = { email: 'amara.okafor@demo.tandem.test', name: 'Amara Okafor' };
const offHoursRep = { email: 'lukas.schneider@demo.tandem.test', name: 'Lukas Schneider' };

/** Polls on what the server does: a busy machine answers in seconds, not the default one. */
const patient = { timeout: 15_000 };

interface Session {
  api: APIRequestContext;
  csrf: string;
  id: string;
}

/** Every hour of every day: the countdown must tick whenever the test runs. */
const allWeek = (timeZone: string) => ({
  timeZone,
  weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
});

/** One hour, three days from now: business time is never now, so clocks stand still. */
function offHours(timeZone: string) {
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
  const day = ((inThreeDays.getUTCDay() + 6) % 7) + 1;
  return { timeZone, weeklyHours: [{ day, start: '12:00', end: '13:00' }], holidays: [] };
}

/** A contract whose accept window (36 s) and first-attempt window (72 s) a test can outlast. */
const shortContract = {
  marketing: { mqls_per_rep: { perMonth: 5 }, accepted_share: { atLeast: 0.7 } },
  sales: {
    accept_within: { businessHours: 0.01 },
    first_attempt_within: { businessHours: 0.02 },
    attempt_cadence: { attempts: 4, businessDays: 12 },
    outcome_recorded: { businessDays: 15 },
  },
  escalation: { warnOwnerAt: 0.75, notifyManagerOnBreach: true, reassignOnBreach: false },
};

/**
 * The SLA in a real browser against the demo workspace: the contract's two
 * sides, a proposal refused then proposed and signed by both sides, a rep's
 * inbox counting down in business time (and standing still outside it), an
 * overdue lead in red, a manager handing a breached lead to another rep, and
 * last month's scorecards.
 */
describe('SLA pages in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let writeKey: string;
  let managerApi: Session;
  const ids = new Map<string, string>();
  let leadA: string;
  let leadOffHours: string;
  let leadB: string;

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

  async function contactByEmail(email: string): Promise<{ id: string; ownerId: string | null }> {
    const res = await managerApi.api.get(`/api/v1/contacts?q=${encodeURIComponent(email)}`);
    const { items } = (await res.json()) as { items: { id: string; ownerId: string | null }[] };
    expect(items).toHaveLength(1);
    return items[0]!;
  }

  /** A new MQL from tracked activity (routing may give it an owner by itself). */
  async function newLead(userId: string, email: string): Promise<string> {
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
    return (await contactByEmail(email)).id;
  }

  /** Routing may already have chosen this owner; the manager's PATCH covers every other case. */
  async function assign(contactId: string, ownerId: string) {
    const current = await managerApi.api.get(`/api/v1/contacts/${contactId}`);
    if (((await current.json()) as { ownerId: string | null }).ownerId === ownerId) return;
    const res = await managerApi.api.patch(`/api/v1/contacts/${contactId}`, {
      headers: { 'x-csrf-token': managerApi.csrf },
      data: { ownerId },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  async function setCalendar(memberId: string, calendar: unknown) {
    const res = await managerApi.api.put(`/api/v1/members/${memberId}/calendar`, {
      headers: { 'x-csrf-token': managerApi.csrf },
      data: { calendar },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  async function pageAs(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, tandem.url, email, demoPassword);
    return page;
  }

  const clockOf = (page: Page, contactId: string, clause: string) =>
    page.locator(
      `[data-testid=inbox-item][data-contact="${contactId}"] [data-testid=sla-clock][data-clause=${clause}]`,
    );

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
    const members = await managerApi.api.get('/api/v1/members');
    for (const m of ((await members.json()) as { items: { id: string; email: string }[] }).items)
      ids.set(m.email, m.id);

    await setCalendar(ids.get(rep.email)!, allWeek('Europe/London'));
    await setCalendar(ids.get(otherRep.email)!, allWeek('Europe/London'));
    await setCalendar(ids.get(offHoursRep.email)!, offHours('Europe/Berlin'));
    // Under the contract in force (4 business hours to accept).
    leadA = await newLead('sla-browser-a', 'ana.clock@acme.test');
    await assign(leadA, ids.get(rep.email)!);
    leadOffHours = await newLead('sla-browser-c', 'cem.clock@acme.test');
    await assign(leadOffHours, ids.get(offHoursRep.email)!);
  });

  afterAll(async () => {
    await managerApi?.api.dispose();
    await browser?.close();
    await tandem?.stop();
  });

  it('shows both sides, refuses a bad proposal inline, and takes a new version signed by both', async () => {
    const page = await pageAs(manager.email);
    await page.goto(`${tandem.url}/sla`);
    const inForce = page.getByTestId('contract-in-force');
    await inForce.waitFor();
    const before = Number(await inForce.getAttribute('data-version'));
    const marketingSide = page.locator('[data-testid=contract-side][data-side=marketing]');
    const salesSide = page.locator('[data-testid=contract-side][data-side=sales]');
    expect(await marketingSide.textContent()).toContain('qualified leads (MQLs) per active rep');
    expect(await salesSide.textContent()).toContain('within 4 business hours');
    expect(await salesSide.locator('[data-testid=clause]').count()).toBe(4);
    // This month's standing sits under each clause.
    expect(await page.getByTestId('standing').count()).toBeGreaterThanOrEqual(6);

    await page.getByTestId('propose-tab').click();
    const editor = page.getByTestId('propose-json');
    const bad = structuredClone(shortContract);
    bad.sales.accept_within.businessHours = 0.5; // after the first attempt's 0.02
    await editor.fill(JSON.stringify(bad));
    await page.getByTestId('propose-submit').click();
    const refusal = page.getByTestId('propose-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-status')).toBe('400');
    expect(await refusal.textContent()).toContain('accept_within');
    expect(await page.getByTestId('contract-proposal').count()).toBe(0);

    await editor.fill(JSON.stringify(shortContract, null, 2));
    await page.getByTestId('propose-submit').click();
    const proposal = page.getByTestId('contract-proposal');
    await proposal.waitFor();
    expect(await proposal.getAttribute('data-version')).toBe(String(before + 1));
    expect(await proposal.textContent()).toContain('within 36 business seconds');
    await proposal.getByTestId('sign-button').click();
    await proposal.getByTestId('signed-by-me').waitFor();
    expect(
      await proposal.locator('[data-testid=signature][data-side=sales]').textContent(),
    ).toContain(manager.name);
    expect(await inForce.getAttribute('data-version')).toBe(String(before));
    await page.screenshot({ path: path.join(shotDir, 'tandem-sla-proposal.png'), fullPage: true });
    await page.context().close();

    const marketing = await pageAs(marketer.email);
    await marketing.goto(`${tandem.url}/sla`);
    await marketing.getByTestId('contract-proposal').getByTestId('sign-button').click();
    const now = marketing.getByTestId('contract-in-force');
    await expect.poll(() => now.getAttribute('data-version'), patient).toBe(String(before + 1));
    expect(await marketing.getByTestId('contract-proposal').count()).toBe(0);
    expect(
      await marketing.locator('[data-testid=contract-side][data-side=sales]').textContent(),
    ).toContain('within 36 business seconds');
    const signatures = await marketing
      .getByTestId('signatures')
      .first()
      .locator('[data-testid=signature]')
      .allTextContents();
    expect(signatures.join(' ')).toContain(manager.name);
    expect(signatures.join(' ')).toContain(marketer.name);
    await marketing.getByTestId('history-tab').click();
    expect(
      await marketing.locator('[data-testid=contract-version][data-status=active]').count(),
    ).toBe(1);
    await marketing.context().close();
  });

  it("counts a rep's clocks down in business time, and shows an overdue lead in red first", async () => {
    // Under the 36-second contract just signed.
    leadB = await newLead('sla-browser-b', 'bea.clock@acme.test');
    await assign(leadB, ids.get(rep.email)!);

    const page = await pageAs(rep.email);
    // The inbox is the rep's first area after their home page.
    const nav = page.locator('.mantine-NavLink-root');
    expect([await nav.nth(0).textContent(), await nav.nth(1).textContent()]).toEqual([
      'Home',
      'Inbox',
    ]);
    await page.goto(`${tandem.url}/inbox`);
    const ticking = clockOf(page, leadA, 'accept_within');
    await ticking.waitFor();
    expect(await ticking.getAttribute('data-urgency')).toBe('ok');
    expect(await ticking.getAttribute('data-ticking')).toBe('true');
    const time = ticking.getByTestId('sla-clock-time');
    const first = await time.textContent();
    expect(first).toMatch(/^3h 5\dm \d\ds left$/);
    await expect.poll(() => time.textContent(), { timeout: 5000 }).not.toBe(first);

    const overdue = clockOf(page, leadB, 'accept_within');
    await expect
      .poll(() => overdue.getAttribute('data-urgency'), { timeout: 60_000, interval: 1000 })
      .toBe('overdue');
    const overdueTime = overdue.getByTestId('sla-clock-time');
    expect(await overdueTime.textContent()).toMatch(/^overdue by \d+m \d\ds$/);
    // Mantine's red, filled.
    expect(await overdueTime.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(250, 82, 82)',
    );
    const order = await page
      .getByTestId('inbox-item')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-contact')));
    expect(order.indexOf(leadB)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(leadB)).toBeLessThan(order.indexOf(leadA));
    await page.screenshot({ path: path.join(shotDir, 'tandem-inbox.png'), fullPage: true });

    // The lead links to its contact page.
    await page.locator(`[data-testid=inbox-item][data-contact="${leadB}"] a`).first().click();
    await page.waitForURL(`**/contacts/${leadB}`);
    await page.context().close();

    // Outside the owner's hours the countdown stands still and says why.
    const off = await pageAs(offHoursRep.email);
    await off.goto(`${tandem.url}/inbox`);
    const still = clockOf(off, leadOffHours, 'accept_within');
    await still.waitFor();
    expect(await still.getAttribute('data-ticking')).toBe('false');
    expect(await still.getByTestId('sla-clock-paused').textContent()).toBe(
      'paused — outside business hours',
    );
    const stillTime = await still.getByTestId('sla-clock-time').textContent();
    expect(stillTime).toMatch(/^(4h 00m 00s|3h 59m 5\ds) left$/);
    await off.waitForTimeout(2000);
    expect(await still.getByTestId('sla-clock-time').textContent()).toBe(stillTime);
    await off.context().close();
  });

  it('lets a manager hand a breached lead to another rep, and it leaves the list', async () => {
    const page = await pageAs(manager.email);
    await page.goto(`${tandem.url}/sla/breaches`);
    const row = page.locator(`[data-testid=breach][data-contact="${leadB}"]`);
    // The sweep marks the clock breached within seconds of its due time.
    await expect
      .poll(
        async () => {
          if ((await row.count()) > 0) return true;
          await page.reload();
          await page.getByTestId('breaches-team').waitFor();
          await page.waitForTimeout(1000);
          return (await row.count()) > 0;
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(true);
    expect(await row.textContent()).toContain('Accept or reject');
    expect(await row.textContent()).toContain(rep.name);
    await page.screenshot({ path: path.join(shotDir, 'tandem-breaches.png'), fullPage: true });

    await row.getByTestId('reassign-select').click();
    await page.getByRole('option', { name: new RegExp(`^${otherRep.name}`) }).click();
    await row.getByTestId('reassign-submit').click();
    await expect.poll(() => row.count(), patient).toBe(0);
    const stored = await managerApi.api.get(`/api/v1/contacts/${leadB}`);
    expect(((await stored.json()) as { ownerId: string }).ownerId).toBe(ids.get(otherRep.email));
    await page.context().close();
  });

  it("shows last month's scorecards as the API computes them, and follows the month picker", async () => {
    const d = new Date();
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
    const month = last.toISOString().slice(0, 7);
    const thisMonth = d.toISOString().slice(0, 7);
    const res = await managerApi.api.get(`/api/v1/sla/scorecards?month=${month}`);
    expect(res.status(), await res.text()).toBe(200);
    const card = (await res.json()) as {
      marketing: { delivered: number; quota: number | null };
      reps: { name: string; delivered: number }[];
      awards: { rep: { name: string } | null; marketer: { name: string } | null };
    };
    expect(card.marketing.delivered).toBeGreaterThan(0);

    const page = await pageAs(manager.email);
    await page.goto(`${tandem.url}/sla/scorecards?month=${month}`);
    const shown = page.getByTestId('scorecard');
    await shown.waitFor();
    expect(await shown.getAttribute('data-month')).toBe(month);
    expect(await page.getByTestId('marketing-delivered').textContent()).toBe(
      `${card.marketing.delivered}${card.marketing.quota !== null ? ` / ${card.marketing.quota}` : ''}`,
    );
    expect(await page.getByTestId('rep-row').count()).toBe(card.reps.length);
    const busiest = [...card.reps].sort((a, b) => b.delivered - a.delivered)[0]!;
    const busiestRow = page.locator(`[data-testid=rep-row][data-name="${busiest.name}"]`);
    expect(await busiestRow.locator('td').nth(1).textContent()).toMatch(
      new RegExp(`^${busiest.delivered}`),
    );
    expect(await busiestRow.getByTestId('first-attempt-median').textContent()).toMatch(
      /^(\d+h \d\dm|\d+m|—)$/,
    );
    expect(await page.getByTestId('team-row').count()).toBeGreaterThan(0);
    const winners = await page.getByTestId('award-winner').allTextContents();
    expect(winners).toEqual(
      [card.awards.rep?.name, card.awards.marketer?.name].filter((n): n is string => !!n),
    );
    expect(await page.getByTestId('leaderboard').count()).toBe(2);
    await page.screenshot({ path: path.join(shotDir, 'tandem-scorecards.png'), fullPage: true });

    await page.getByTestId('scorecard-month').fill(thisMonth);
    await expect.poll(() => shown.getAttribute('data-month'), patient).toBe(thisMonth);
    expect(new URL(page.url()).searchParams.get('month')).toBe(thisMonth);
    await page.context().close();
  });
});
