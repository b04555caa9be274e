import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
} from '../../src/core/business-time/business-time.js';
import { defaultCalendar } from '../../src/core/business-time/calendar.js';
import { memberActor } from '../../src/core/roles.js';
import { defaultContract } from '../../src/core/sla/contract.js';
import { startJobs } from '../../src/jobs/runner.js';
import { slaClockJob } from '../../src/jobs/sla-clock-job.js';
import { addAwayPeriod } from '../../src/services/members/add-away-period.js';
import { reassignBreachedLeads } from '../../src/services/sla/reassign-breached-leads.js';
import { sweepDueClocks } from '../../src/services/sla/sweep-due-clocks.js';
import { findMemberById } from '../../src/store/members.js';
import { listNotifications } from '../../src/store/notifications.js';
import { insertContract, listContactClocks } from '../../src/store/sla-clocks.js';
import { databaseTargets } from '../support/databases.js';
import { createIngestKey, qualifyingEvents, routeInboundRoundRobin } from '../support/lead-desk.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const berlin = defaultCalendar('Europe/Berlin');

/**
 * The clocks' remaining behaviours on a real database: a rep's leave pauses
 * the clocks of the leads they hold and gives the time back when it ends
 * (not counting the leave's business hours), and a contract that hands
 * breached leads on does so through the team's routing, audited, with the
 * clocks following the lead.
 */
describe.each(databaseTargets)('SLA clocks, leave and reassignment on $name', (target) => {
  let t: TestApp;
  let writeKey: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    writeKey = await createIngestKey(t);
    await routeInboundRoundRobin(t);
  });
  afterAll(async () => t?.close());

  async function qualify(userId: string): Promise<{ id: string; owner: string }> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Bearer ${writeKey}` },
      payload: { batch: qualifyingEvents(userId, `${userId}@acme.test`) },
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await t.db.query<{ id: string; owner_id: string | null }>(
      `SELECT c.id, c.owner_id FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
       WHERE i.kind = 'user_id' AND i.value = $1`,
      [userId],
    );
    expect(rows[0]!.owner_id).not.toBeNull();
    return { id: rows[0]!.id, owner: rows[0]!.owner_id! };
  }
  const clocksOf = async (id: string) =>
    Object.fromEntries((await listContactClocks(t.db, id)).map((c) => [c.clause, c]));
  const actorOf = async (id: string) => memberActor((await findMemberById(t.db, id))!);
  const ownerOf = async (id: string) =>
    (await t.db.query<{ owner_id: string }>('SELECT owner_id FROM contacts WHERE id = $1', [id]))
      .rows[0]!.owner_id;

  it('pauses the clocks of a rep who goes on leave and gives the time back when it ends', async () => {
    const lead = await qualify('leave-1');
    const before = await clocksOf(lead.id);
    const now = Date.now();
    const leave = { from: new Date(now - HOUR), to: new Date(now + 3 * DAY) };
    await addAwayPeriod({
      db: t.db,
      actor: await actorOf(lead.owner),
      memberId: lead.owner,
      ...leave,
    });
    // At once, in the leave's transaction: paused since the clocks became the rep's
    // (the leave began earlier), each with the business time it had left.
    const paused = await clocksOf(lead.id);
    for (const clause of ['accept_within', 'first_attempt_within', 'attempt_cadence'] as const) {
      const c = paused[clause]!;
      const started = before[clause]!.clock.startedAt;
      expect(c.state).toBe('paused');
      expect(c.clock).toMatchObject({ holds: ['away'], pausedAt: started, holdUntil: leave.to });
      expect(c.clock.remainingMs).toBe(
        businessTimeBetween(berlin, started, before[clause]!.clock.dueAt!),
      );
      expect(c.nextDueAt).toEqual(leave.to);
    }
    // Nothing falls due while the rep is away, however late the sweep looks.
    const during = await sweepDueClocks({ db: t.db, now: new Date(leave.to.getTime() - 1) });
    expect(during.notified).toBe(0);
    expect((await clocksOf(lead.id)).accept_within!.state).toBe('paused');

    // The clock job at the leave's end: resumed there, due the remainder later in business time.
    const clock = new ManualClock(leave.to.getTime() - 500);
    const runner = startJobs({ db: t.db, jobs: [slaClockJob], clock });
    try {
      await runner.idle();
      clock.advanceTo(leave.to.getTime() + 100);
      await runner.idle();
    } finally {
      await runner.stop();
    }
    const back = await clocksOf(lead.id);
    for (const clause of ['accept_within', 'first_attempt_within'] as const) {
      const c = back[clause]!;
      expect(c.state).toBe('running');
      expect(c.clock.dueAt).toEqual(
        addBusinessTime(berlin, leave.to, paused[clause]!.clock.remainingMs!),
      );
      expect(c.clock.awayFloor).toEqual(leave.to);
      expect(c.nextDueAt).toEqual(c.clock.warnAt);
    }
    // The business time between the start and the new due time, less the leave's, is the window.
    const accept = back.accept_within!.clock;
    expect(
      businessTimeBetween(berlin, accept.startedAt, accept.dueAt!) -
        businessTimeBetween(berlin, accept.startedAt, leave.to),
    ).toBe(4 * HOUR);
    expect(await listNotifications(t.db, { contactId: lead.id })).not.toContainEqual(
      expect.objectContaining({ type: 'sla.breached' }),
    );
  });

  it('pauses at the start of leave planned ahead, through the clock job', async () => {
    const lead = await qualify('leave-2');
    const running = (await clocksOf(lead.id)).first_attempt_within!;
    const start = Date.now() + HOUR;
    const leave = { from: new Date(start), to: new Date(start + 2 * DAY) };
    await addAwayPeriod({
      db: t.db,
      actor: await actorOf(t.members.manager),
      memberId: lead.owner,
      ...leave,
    });
    const scheduled = (await clocksOf(lead.id)).first_attempt_within!;
    expect(scheduled.state).toBe('running');
    // Looked at again when the leave begins, which comes before its warning
    // (4.5 business hours cannot pass in one hour of wall time).
    expect(running.clock.warnAt!.getTime()).toBeGreaterThan(start);
    expect(scheduled.nextDueAt).toEqual(leave.from);
    // A sweep a moment late pauses it at the leave's start all the same.
    await sweepDueClocks({ db: t.db, now: new Date(start + 1500) });
    const held = (await clocksOf(lead.id)).first_attempt_within!;
    expect(held.state).toBe('paused');
    expect(held.clock.pausedAt).toEqual(leave.from);
    expect(held.clock.remainingMs).toBe(
      businessTimeBetween(berlin, leave.from, running.clock.dueAt!),
    );
    expect(held.nextDueAt).toEqual(leave.to);
  });

  it('hands a lead whose accept clock breached to the other rep, when the contract says so', async () => {
    await t.db.query("UPDATE sla_contracts SET status = 'superseded' WHERE status = 'active'");
    const contract = defaultContract();
    contract.escalation.reassignOnBreach = true;
    const version = await insertContract(t.db, { document: contract, status: 'active' });
    // Nobody is away any more (the earlier tests' leave).
    await t.db.query('DELETE FROM member_away_periods');
    const lead = await qualify('handover-1');
    const from = lead.owner;
    const to = from === t.members.rep ? t.members.otherRep : t.members.rep;
    const c = await clocksOf(lead.id);
    expect(c.accept_within!.clock.escalation.reassignOnBreach).toBe(true);
    const dueAt = c.accept_within!.clock.dueAt!;
    const firstDue = c.first_attempt_within!.clock.dueAt!;

    const clock = new ManualClock(dueAt.getTime() - 2000);
    const runner = startJobs({ db: t.db, jobs: [slaClockJob], clock });
    try {
      for (let at = dueAt.getTime() - 2000; at <= dueAt.getTime() + 3000; at += 500) {
        clock.advanceTo(at);
        await runner.idle();
      }
    } finally {
      await runner.stop();
    }
    expect(await ownerOf(lead.id)).toBe(to);
    const after = await clocksOf(lead.id);
    // The breached clock stays the old owner's record; the open ones follow the lead,
    // with the business time the old owner had left (same calendar here).
    expect(after.accept_within).toMatchObject({
      state: 'breached',
      ownerId: from,
      nextDueAt: null,
    });
    expect(after.first_attempt_within!.ownerId).toBe(to);
    expect(after.first_attempt_within!.clock.dueAt).toEqual(firstDue);
    expect(after.outcome_recorded!.ownerId).toBe(to);
    const { rows: audit } = await t.db.query<{ changes: Record<string, unknown> }>(
      `SELECT changes FROM audit_log WHERE action = 'contact.assigned' AND subject_id = $1
       ORDER BY id`,
      [lead.id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]!.changes).toMatchObject({
      ownerId: { from, to },
      strategy: 'round_robin',
      reason: expect.stringMatching(
        /^SLA breached \(accept_within\); the contract hands the lead on; round robin/,
      ),
    });
    const notes = await listNotifications(t.db, { contactId: lead.id });
    const kinds = notes.filter((n) => n.memberId !== null).map((n) => [n.type, n.memberId]);
    expect(kinds).toContainEqual(['sla.breached', from]);
    expect(kinds).toContainEqual(['sla.breached', t.members.manager]);
    expect(kinds.filter(([type]) => type === 'lead.assigned')).toEqual([
      ['lead.assigned', from],
      ['lead.assigned', to],
    ]);
    // Nothing left owed: a second run hands nothing on.
    expect(
      await reassignBreachedLeads({ db: t.db, now: new Date(dueAt.getTime() + 10_000) }),
    ).toEqual({ done: 0, busy: 0, full: false });
    expect(version).toBeGreaterThan(1);
  });

  it('leaves a lead that moved on before its handover where it is', async () => {
    const lead = await qualify('handover-2');
    const dueAt = (await clocksOf(lead.id)).accept_within!.clock.dueAt!;
    await sweepDueClocks({ db: t.db, now: dueAt });
    expect((await clocksOf(lead.id)).accept_within!.nextDueAt).toEqual(dueAt);
    // The manager gives it to someone by hand first.
    const manager = await t.signIn('manager');
    const other = lead.owner === t.members.rep ? t.members.otherRep : t.members.rep;
    const res = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${lead.id}`,
      payload: { ownerId: other },
    });
    expect(res.statusCode).toBe(200);
    expect(
      await reassignBreachedLeads({ db: t.db, now: new Date(dueAt.getTime() + 1000) }),
    ).toEqual({ done: 1, busy: 0, full: false });
    expect(await ownerOf(lead.id)).toBe(other);
    expect((await clocksOf(lead.id)).accept_within!.nextDueAt).toBeNull();
  });
});
