import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
} from '../../src/core/business-time/business-time.js';
import { defaultCalendar } from '../../src/core/business-time/calendar.js';
import { memberActor } from '../../src/core/roles.js';
import { startClocks } from '../../src/core/sla/clocks.js';
import { defaultContract } from '../../src/core/sla/contract.js';
import { startJobs } from '../../src/jobs/runner.js';
import { slaClockJob } from '../../src/jobs/sla-clock-job.js';
import { addAwayPeriod } from '../../src/services/members/add-away-period.js';
import { setMemberCalendar } from '../../src/services/members/set-member-calendar.js';
import { activateRoutingVersion } from '../../src/services/routing/activate-routing-version.js';
import { startLeadClocks } from '../../src/services/sla/start-lead-clocks.js';
import { sweepDueClocks } from '../../src/services/sla/sweep-due-clocks.js';
import type { Db } from '../../src/store/db.js';
import { findMemberById, findTeamByName, insertMember } from '../../src/store/members.js';
import { openPostgres } from '../../src/store/node-postgres/driver.js';
import { listNotifications } from '../../src/store/notifications.js';
import { insertClocks, listContactClocks } from '../../src/store/sla-clocks.js';
import { databaseTargets } from '../support/databases.js';
import { createIngestKey, qualifyingEvents } from '../support/lead-desk.js';
import { ManualClock } from '../support/manual-clock.js';
import { type Caller, startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;

/**
 * Routing and SLA clocks wired into the lead lifecycle: without routing rules
 * leads wait unowned (as before); with them a qualifying lead is assigned round
 * robin in its qualifying transaction and its clocks run in the owner's
 * calendar; lead actions meet clocks; the sweep warns and breaches once.
 */
describe.each(databaseTargets)('routing and SLA clocks on $name', (target) => {
  let t: TestApp;
  let writeKey: string;
  let rep: Caller;
  let manager: Caller;
  let teamId: string;
  let nyRep: string;
  const leads: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(target);
    writeKey = await createIngestKey(t);
    rep = await t.signIn('rep');
    manager = await t.signIn('manager');
    teamId = (await findTeamByName(t.db, 'Inbound'))!.id;
    // Outside the routed team, with no calendar of their own: the default in New York.
    nyRep = await insertMember(t.db, {
      email: 'ny@example.test',
      name: 'Nyla',
      role: 'sales_rep',
      teamId: null,
      timeZone: 'America/New_York',
      passwordHash: null,
    });
  });
  afterAll(async () => t?.close());

  async function qualify(userId: string, email: string): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Bearer ${writeKey}` },
      payload: { batch: qualifyingEvents(userId, email) },
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await t.db.query<{ id: string; lifecycle_stage: string }>(
      `SELECT c.id, c.lifecycle_stage FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
       WHERE i.kind = 'user_id' AND i.value = $1`,
      [userId],
    );
    expect(rows[0]!.lifecycle_stage).toBe('mql');
    return rows[0]!.id;
  }
  const ownerOf = async (id: string) =>
    (
      await t.db.query<{ owner_id: string | null }>('SELECT owner_id FROM contacts WHERE id = $1', [
        id,
      ])
    ).rows[0]!.owner_id;
  const actorOf = async (id: string) => memberActor((await findMemberById(t.db, id))!);
  const clocksOf = async (id: string) =>
    Object.fromEntries((await listContactClocks(t.db, id)).map((c) => [c.clause, c]));

  it('leaves a qualified lead unowned, without clocks, while no routing version is active', async () => {
    leads.waiting = await qualify('wait-1', 'wait@initech.test');
    expect(await ownerOf(leads.waiting)).toBeNull();
    expect(await listContactClocks(t.db, leads.waiting)).toEqual([]);
    expect(await listNotifications(t.db, { contactId: leads.waiting })).toEqual([]);
  });

  it("lays a handed lead's clocks on its owner's calendar (checked by hand)", async () => {
    // Friday 8 January 2027, 15:00 in New York (EST, UTC−5); Mon–Fri 09:00–17:00 there.
    const at = new Date('2027-01-08T20:00:00Z');
    await t.db.transaction((tx) =>
      startLeadClocks({ tx, leads: [{ contactId: leads.waiting!, ownerId: nyRep }], at }),
    );
    const c = await clocksOf(leads.waiting!);
    const iso = (d: Date | null) => d?.toISOString();
    // 4 business hours: Friday 15–17, Monday 09–11 → Monday 11:00 EST; warned at 3 h (75 %) → 10:00.
    expect(iso(c.accept_within!.clock.dueAt)).toBe('2027-01-11T16:00:00.000Z');
    expect(iso(c.accept_within!.nextDueAt)).toBe('2027-01-11T15:00:00.000Z');
    // 6 business hours: Friday 2 h + Monday 4 h → Monday 13:00 EST.
    expect(iso(c.first_attempt_within!.clock.dueAt)).toBe('2027-01-11T18:00:00.000Z');
    // 12 business days from Friday (day 0): Tuesday 26 January, close of business.
    expect(iso(c.attempt_cadence!.clock.dueAt)).toBe('2027-01-26T22:00:00.000Z');
    // 15 business days: Friday 29 January, close of business.
    expect(iso(c.outcome_recorded!.clock.dueAt)).toBe('2027-01-29T22:00:00.000Z');
    expect(Object.values(c).every((x) => x.ownerId === nyRep && x.state === 'running')).toBe(true);
    // Starting again for the same handoff changes nothing.
    await t.db.transaction((tx) =>
      startLeadClocks({ tx, leads: [{ contactId: leads.waiting!, ownerId: t.members.rep }], at }),
    );
    expect((await listContactClocks(t.db, leads.waiting!)).map((x) => x.ownerId)).toEqual(
      Array(4).fill(nyRep),
    );
  });

  it('assigns qualifying leads round robin across the two reps and starts their clocks', async () => {
    const document = { rules: [], fallback: { teamId, strategy: 'round_robin' } };
    await expect(
      activateRoutingVersion({ db: t.db, actor: await actorOf(t.members.rep), document }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const unknownTeam = { ...document, fallback: { teamId: nyRep, strategy: 'round_robin' } };
    await expect(
      activateRoutingVersion({
        db: t.db,
        actor: await actorOf(t.members.manager),
        document: unknownTeam,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'fallback/teamId' }] });
    const active = await activateRoutingVersion({
      db: t.db,
      actor: await actorOf(t.members.manager),
      document,
    });
    expect(active.version).toBe(1);
    leads.first = await qualify('rr-1', 'first@acme.test');
    leads.second = await qualify('rr-2', 'second@acme.test');
    const reps = [t.members.rep, t.members.otherRep].sort();
    // Round robin takes members in id order, starting with the first.
    expect([await ownerOf(leads.first), await ownerOf(leads.second)]).toEqual(reps);

    for (const id of [leads.first, leads.second]) {
      const owner = (await ownerOf(id))!;
      const notes = await listNotifications(t.db, { contactId: id });
      // The owner's row and the workspace's copy (webhooks, Slack): one event, told twice.
      expect(notes.map((n) => [n.type, n.memberId, n.dedupeKey.endsWith(':*')])).toEqual([
        ['lead.assigned', owner, false],
        ['lead.assigned', null, true],
      ]);
      for (const n of notes) {
        expect(n.payload.reason).toMatch(/^no routing rules; the fallback applies; round robin: /);
        expect(n.payload).toMatchObject({
          contactId: id,
          ownerId: owner,
          brief: { contactId: id },
        });
      }
      const { rows: audit } = await t.db.query<{ changes: { reason: string } }>(
        `SELECT changes FROM audit_log WHERE action = 'contact.assigned' AND subject_id = $1`,
        [id],
      );
      expect(audit).toHaveLength(1);

      const c = await clocksOf(id);
      expect(Object.keys(c).sort()).toEqual(
        ['accept_within', 'attempt_cadence', 'first_attempt_within', 'outcome_recorded'].sort(),
      );
      const accept = c.accept_within!;
      expect(accept.ownerId).toBe(owner);
      expect(accept.state).toBe('running');
      // The owner has no calendar of their own: the default in their zone (Europe/Berlin).
      const berlin = defaultCalendar('Europe/Berlin');
      expect(accept.clock.dueAt).toEqual(addBusinessTime(berlin, accept.clock.startedAt, 4 * HOUR));
      expect(accept.nextDueAt).toEqual(accept.clock.warnAt);
      expect(businessTimeBetween(berlin, accept.clock.startedAt, accept.nextDueAt!)).toBe(3 * HOUR);
    }
    const { rows } = await t.db.query<{ routing_state: { lastMemberId: string } }>(
      'SELECT routing_state FROM teams WHERE id = $1',
      [teamId],
    );
    expect(rows[0]!.routing_state.lastMemberId).toBe(reps[1]);
  });

  it('meets the accept clock on accept and the first-attempt clock on an attempt', async () => {
    const mine = (await ownerOf(leads.first!)) === t.members.rep ? leads.first! : leads.second!;
    leads.mine = mine;
    leads.theirs = mine === leads.first ? leads.second! : leads.first!;
    const post = (url: string, payload: Record<string, unknown>) =>
      t.request(rep, { method: 'POST', url, payload });
    expect((await post(`/api/v1/contacts/${mine}/accept`, {})).statusCode).toBe(200);
    let c = await clocksOf(mine);
    expect(c.accept_within!.state).toBe('met');
    expect(c.accept_within!.nextDueAt).toBeNull();
    expect(c.first_attempt_within!.state).toBe('running');

    const attempt = await post(`/api/v1/contacts/${mine}/attempts`, {
      channel: 'call',
      outcome: 'no_answer',
    });
    expect(attempt.statusCode).toBe(201);
    c = await clocksOf(mine);
    expect(c.first_attempt_within!.state).toBe('met');
    expect(c.attempt_cadence!.state).toBe('running');
    expect(c.attempt_cadence!.clock.attemptsCounted).toBe(1);
    expect(c.outcome_recorded!.state).toBe('running');
  });

  it('warns, then breaches, exactly once each; a second sweep changes nothing', async () => {
    const id = leads.theirs!;
    const owner = t.members.otherRep;
    const accept = (await clocksOf(id)).accept_within!;
    const warnAt = accept.clock.warnAt!;
    const dueAt = accept.clock.dueAt!;

    const before = await sweepDueClocks({ db: t.db, now: new Date(warnAt.getTime() - 1) });
    expect((await clocksOf(id)).accept_within!.state).toBe('running');
    expect(before.notified).toBe(0);

    await sweepDueClocks({ db: t.db, now: warnAt });
    expect((await clocksOf(id)).accept_within!.state).toBe('warned');
    const warnings = () =>
      listNotifications(t.db, { contactId: id }).then((n) =>
        n.filter((x) => x.type !== 'lead.assigned'),
      );
    // The workspace's copy (its key ends in `*`, which sorts first) and the owner's.
    expect((await warnings()).map((n) => [n.type, n.memberId, n.payload.clause])).toEqual([
      ['sla.warning', null, 'accept_within'],
      ['sla.warning', owner, 'accept_within'],
    ]);
    const again = await sweepDueClocks({ db: t.db, now: warnAt });
    expect(again).toEqual({ swept: 0, notified: 0, full: false });

    // The clock job, on a clock the test moves: it sleeps until the due time and breaches at it.
    const clock = new ManualClock(dueAt.getTime() - 3000);
    const runner = startJobs({ db: t.db, jobs: [slaClockJob], clock });
    let seenAt: number | null = null;
    try {
      for (
        let at = dueAt.getTime() - 3000;
        at <= dueAt.getTime() + 5000 && seenAt === null;
        at += 250
      ) {
        clock.advanceTo(at);
        await runner.idle();
        if ((await clocksOf(id)).accept_within!.state === 'breached') seenAt = at;
      }
    } finally {
      await runner.stop();
    }
    // Noticed at the due time, not a moment before, and well within the 5 s allowed.
    expect(seenAt).not.toBeNull();
    expect(seenAt!).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(seenAt! - dueAt.getTime()).toBeLessThanOrEqual(1000);
    const breached = (await clocksOf(id)).accept_within!;
    expect(breached.state).toBe('breached');
    expect(breached.clock.settledAt).toEqual(dueAt);
    expect(breached.nextDueAt).toBeNull();
    const notes = (await warnings()).map((n) => [n.type, n.memberId]);
    // The contract notifies the manager on breach: the owner and the team's manager, once
    // each; the workspace hears of each crossing once.
    expect(notes.sort()).toEqual(
      [
        ['sla.breached', null],
        ['sla.breached', owner],
        ['sla.breached', t.members.manager],
        ['sla.warning', null],
        ['sla.warning', owner],
      ].sort(),
    );

    const counts = async () =>
      (
        await t.db.query<{ n: number; changed: Date }>(
          'SELECT count(*) AS n, max(updated_at) AS changed FROM sla_clocks',
        )
      ).rows[0];
    const notifications = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM notifications')).rows[0]!.n;
    const [c0, n0] = [await counts(), await notifications()];
    expect(await sweepDueClocks({ db: t.db, now: dueAt })).toEqual({
      swept: 0,
      notified: 0,
      full: false,
    });
    expect([await counts(), await notifications()]).toEqual([c0, n0]);
  });

  it("lays a reassigned lead's remaining time on the new owner's calendar", async () => {
    const id = leads.theirs!;
    const before = await clocksOf(id);
    const at = Date.now();
    const res = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { ownerId: nyRep },
    });
    expect(res.statusCode).toBe(200);
    const after = await clocksOf(id);
    // Settled clocks keep their owner and outcome.
    expect(after.accept_within!.ownerId).toBe(t.members.otherRep);
    expect(after.accept_within!.state).toBe('breached');
    const first = after.first_attempt_within!;
    expect(first.ownerId).toBe(nyRep);
    const berlin = defaultCalendar('Europe/Berlin');
    const ny = defaultCalendar('America/New_York');
    const left = businessTimeBetween(
      berlin,
      new Date(at),
      before.first_attempt_within!.clock.dueAt!,
    );
    const now = businessTimeBetween(ny, new Date(at), first.clock.dueAt!);
    // The request took a moment; within it at most that much business time can differ.
    expect(Math.abs(left - now)).toBeLessThan(10_000);

    // Unassigned, then given to someone else: the open clocks follow, none start twice.
    for (const ownerId of [null, t.members.otherRep]) {
      const res = await t.request(manager, {
        method: 'PATCH',
        url: `/api/v1/contacts/${id}`,
        payload: { ownerId },
      });
      expect(res.statusCode).toBe(200);
    }
    const last = await listContactClocks(t.db, id);
    expect(last.map((c) => [c.clause, c.ownerId])).toEqual([
      ['accept_within', t.members.otherRep],
      ['first_attempt_within', t.members.otherRep],
      ['attempt_cadence', t.members.otherRep],
      ['outcome_recorded', t.members.otherRep],
    ]);
  });

  it('gives a recycled lead that qualifies again back to its owner, with fresh clocks', async () => {
    const id = await qualify('rc-1', 'recycled@acme.test');
    const owner = (await ownerOf(id))!;
    const rejected = await t.request(manager, {
      method: 'POST',
      url: `/api/v1/contacts/${id}/reject`,
      payload: { reasonCode: 'not_ready' },
    });
    expect(rejected.json().lifecycleStage).toBe('recycled');
    const first = await listContactClocks(t.db, id);
    // The rejection is the decision and the outcome; the attempts are owed to nobody.
    expect(Object.fromEntries(first.map((c) => [c.clause, c.state]))).toEqual({
      accept_within: 'met',
      first_attempt_within: 'cancelled',
      attempt_cadence: 'cancelled',
      outcome_recorded: 'met',
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Bearer ${writeKey}` },
      payload: { batch: [{ type: 'page', userId: 'rc-1', properties: { path: '/pricing' } }] },
    });
    expect(await ownerOf(id)).toBe(owner);
    const all = await listContactClocks(t.db, id);
    expect(all).toHaveLength(8);
    const fresh = all.filter((c) => c.handoffSeq > first[0]!.handoffSeq);
    expect(fresh.map((c) => [c.state, c.ownerId])).toEqual(Array(4).fill(['running', owner]));
    const notes = await listNotifications(t.db, { contactId: id });
    expect(notes.map((n) => [n.type, n.memberId])).toEqual([
      ['lead.assigned', owner],
      ['lead.assigned', null],
      // The manager's reject: the workspace's copies, and the owner, whose lead someone else moved.
      ['lead.rejected', null],
      ['lead.rejected', owner],
      ['stage.changed', null],
      ['stage.changed', owner],
      ['lead.assigned', owner],
      ['lead.assigned', null],
    ]);
  });

  it('passes over a rep who is away, saying so', async () => {
    const { rows: team } = await t.db.query<{ routing_state: { lastMemberId: string } }>(
      'SELECT routing_state FROM teams WHERE id = $1',
      [teamId],
    );
    const last = team[0]!.routing_state.lastMemberId;
    // The rotation's next is the other rep, who is away now.
    const next = last === t.members.rep ? t.members.otherRep : t.members.rep;
    const now = Date.now();
    await addAwayPeriod({
      db: t.db,
      actor: await actorOf(next),
      memberId: next,
      from: new Date(now - HOUR),
      to: new Date(now + HOUR),
    });
    const id = await qualify('rr-3', 'third@acme.test');
    expect(await ownerOf(id)).toBe(last);
    const { rows } = await t.db.query<{ changes: { reason: string } }>(
      `SELECT changes FROM audit_log WHERE action = 'contact.assigned' AND subject_id = $1`,
      [id],
    );
    expect(rows[0]!.changes.reason).toMatch(/passed over \S+ is away/);
  });

  it('keeps working hours to the member and their manager, refusing a bad calendar by path', async () => {
    const repActor = await actorOf(t.members.rep);
    await expect(
      setMemberCalendar({ db: t.db, actor: repActor, memberId: nyRep, calendar: null }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      setMemberCalendar({
        db: t.db,
        actor: repActor,
        memberId: t.members.rep,
        calendar: {
          timeZone: 'Mars/Olympus',
          weeklyHours: [{ day: 8, start: '09:00', end: '17:00' }],
          holidays: [],
        },
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'calendar/timeZone' }, { field: 'calendar/weeklyHours/0/day' }],
    });
    const nights = {
      timeZone: 'Asia/Tokyo',
      weeklyHours: [{ day: 1, start: '22:00', end: '06:00' }],
      holidays: ['2027-01-01'],
    };
    expect(
      await setMemberCalendar({
        db: t.db,
        actor: repActor,
        memberId: t.members.rep,
        calendar: nights,
      }),
    ).toEqual(nights);
    const manager = await actorOf(t.members.manager);
    expect(
      await setMemberCalendar({
        db: t.db,
        actor: manager,
        memberId: t.members.rep,
        calendar: null,
      }),
    ).toEqual(defaultCalendar('Europe/Berlin'));
  });

  it('lets racing sweeps (two connections) notify each breach once', async () => {
    // 120 clocks long overdue for one lead, as if a server had been down.
    const started = new Date('2026-06-01T08:00:00Z');
    const clocks = Array.from({ length: 30 }, (_, i) =>
      startClocks(defaultContract(), {
        leadEnteredAt: started,
        calendar: defaultCalendar('Europe/Berlin'),
      }).map((clock) => ({
        contactId: leads.mine!,
        handoffSeq: 1_000_000 + i,
        ownerId: t.members.rep,
        contractVersion: 1,
        clock,
        nextDueAt: clock.warnAt,
      })),
    ).flat();
    expect(await insertClocks(t.db, clocks)).toHaveLength(120);

    let second: Db = t.db;
    if (target.name === 'postgres') {
      const { rows } = await t.db.query<{ name: string }>('SELECT current_database() AS name');
      const url = new URL(process.env.TANDEM_TEST_DATABASE_URL!);
      url.pathname = `/${rows[0]!.name}`;
      second = await openPostgres(url.toString(), 1);
    }
    const now = new Date('2026-09-01T00:00:00Z');
    const drain = async (db: Db) => {
      let swept = 0;
      for (;;) {
        const r = await sweepDueClocks({ db, now, limit: 7 });
        swept += r.swept;
        if (r.swept === 0) return swept;
      }
    };
    try {
      const [a, b] = await Promise.all([drain(t.db), drain(second)]);
      // Every due clock was taken by exactly one sweep.
      expect(a + b).toBe(120);
    } finally {
      if (second !== t.db) await second.close();
    }
    const { rows } = await t.db.query<{
      type: string;
      workspace: boolean;
      n: number;
      keys: number;
    }>(
      `SELECT type, member_id IS NULL AS workspace, count(*) AS n, count(DISTINCT dedupe_key) AS keys
       FROM notifications WHERE (payload->>'handoffSeq')::bigint >= 1000000
       GROUP BY type, member_id IS NULL ORDER BY workspace`,
    );
    // Long past due: breaches only (a warning about a missed deadline helps nobody),
    // to the owner and the manager, and once per clock to the workspace.
    expect(rows).toEqual([
      { type: 'sla.breached', workspace: false, n: 240, keys: 240 },
      { type: 'sla.breached', workspace: true, n: 120, keys: 120 },
    ]);
  });
});
