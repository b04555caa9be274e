import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessTimeBetween } from '../../core/business-time/business-time.js';
import { defaultCalendar, validateCalendar } from '../../core/business-time/calendar.js';
import { validateRouting } from '../../core/routing/routing-rules.js';
import { outcomeFits } from '../../core/sales-activity.js';
import { generateDemo } from './generate-demo.js';

// A Wednesday afternoon: October is the last whole month, November runs so far.
const asOf = new Date('2026-11-18T15:00:00Z');
const eraStart = Date.UTC(2026, 9, 1);
const monthStart = Date.UTC(2026, 10, 1);
const demo = generateDemo({ seed: 1, asOf });
const hourMs = 3_600_000;

const memberById = new Map(demo.members.map((m) => [m.id, m]));
const memberByLocal = new Map(demo.members.map((m) => [m.email.split('@')[0]!, m]));
const reps = demo.members.filter((m) => m.role === 'sales_rep');
const calendarOf = (id: string) => {
  const m = memberById.get(id)!;
  return m.businessCalendar ?? defaultCalendar(m.timeZone);
};
const transitionById = new Map(demo.transitions.map((t) => [t.id, t]));
const routeStages = ['mql', 'pql', 'cql'];

describe('the demo SLA story', () => {
  it('gives reps their own hours: several zones, a split shift, valid calendars inside 09:00–17:30', () => {
    expect(new Set(reps.map((r) => r.timeZone))).toEqual(
      new Set([
        'Europe/London',
        'Europe/Berlin',
        'America/New_York',
        'America/Chicago',
        'America/Los_Angeles',
      ]),
    );
    const stored = reps.filter((r) => r.businessCalendar !== null);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    expect(reps.some((r) => r.businessCalendar === null)).toBe(true);
    for (const r of stored) {
      const checked = validateCalendar(r.businessCalendar);
      expect(checked.ok, r.email).toBe(true);
      expect(r.businessCalendar!.timeZone).toBe(r.timeZone);
      for (const s of r.businessCalendar!.weeklyHours) {
        expect(s.start >= '09:00' && s.end <= '17:30', `${r.email} ${s.start}-${s.end}`).toBe(true);
      }
    }
    const split = memberByLocal.get('lukas.schneider')!.businessCalendar!;
    expect(split.weeklyHours.filter((s) => s.day === 1)).toEqual([
      { day: 1, start: '09:00', end: '12:30' },
      { day: 1, start: '14:00', end: '17:30' },
    ]);
    expect(split.holidays).toContain('2026-10-03');
    expect(memberByLocal.get('marcus.johnson')!.businessCalendar!.holidays).toContain('2026-11-26');
  });

  it('sends one rep on a week of leave in the last whole month, their leads going to a teammate meanwhile', () => {
    expect(demo.sla.eraStart).toEqual(new Date(eraStart));
    expect(demo.sla.awayPeriods).toHaveLength(1);
    const [leave] = demo.sla.awayPeriods;
    const mia = memberByLocal.get('mia.hoffmann')!;
    const lukas = memberByLocal.get('lukas.schneider')!;
    expect(leave).toMatchObject({ memberId: mia.id, note: 'Annual leave' });
    const from = DateTime.fromJSDate(leave!.startsAt, { zone: 'Europe/Berlin' });
    expect([from.weekday, from.hour, from.minute]).toEqual([1, 0, 0]);
    expect(from.plus({ weeks: 1 }).toMillis()).toBe(leave!.endsAt.getTime());
    expect(leave!.startsAt.getTime()).toBeGreaterThanOrEqual(eraStart);
    expect(leave!.endsAt.getTime()).toBeLessThanOrEqual(monthStart);
    const during = (at: Date) =>
      at.getTime() >= leave!.startsAt.getTime() && at.getTime() < leave!.endsAt.getTime();
    const handedDuring = demo.sla.assignments.filter((a) => during(a.at));
    expect(handedDuring.some((a) => a.ownerId === lukas.id)).toBe(true);
    expect(handedDuring.filter((a) => a.ownerId === mia.id)).toEqual([]);
    // Nobody on leave accepts, rejects or calls.
    expect(demo.transitions.filter((t) => t.actorId === mia.id && during(t.occurredAt))).toEqual(
      [],
    );
    const miaCalls = demo.events.filter(
      (e) => e.properties.memberId === mia.id && during(e.occurredAt),
    );
    expect(miaCalls).toEqual([]);
  });

  it('routes by region under a valid routing version, every lead to a rep of its team', () => {
    const teamIds = new Set(demo.teams.map((t) => t.id));
    const checked = validateRouting(demo.sla.routing.document, { teamIds });
    expect(checked.ok).toBe(true);
    expect(demo.sla.routing.document.fallback).toBeNull();
    expect(memberById.get(demo.sla.routing.createdBy)!.role).toBe('sales_manager');
    expect(demo.sla.routing.createdAt.getTime()).toBeLessThan(eraStart);
    for (const a of demo.sla.assignments) {
      expect(memberById.get(a.ownerId)!.teamId).toBe(a.teamId);
      expect(transitionById.get(a.handoffTransitionId)!.occurredAt).toEqual(a.at);
    }
  });

  it('starts one clock per clause for every handoff since the SLA began, and none before', () => {
    const handoffs = demo.transitions.filter((t) => routeStages.includes(t.toStage));
    const since = handoffs.filter((t) => t.occurredAt.getTime() >= eraStart);
    const before = new Set(
      handoffs.filter((t) => t.occurredAt.getTime() < eraStart).map((t) => t.id),
    );
    expect(since.length).toBeGreaterThan(300);
    const perHandoff = new Map<string, string[]>();
    for (const c of demo.sla.clocks) {
      expect(before.has(c.handoffTransitionId)).toBe(false);
      perHandoff.set(c.handoffTransitionId, [
        ...(perHandoff.get(c.handoffTransitionId) ?? []),
        c.clock.clause,
      ]);
    }
    for (const h of since)
      expect(perHandoff.get(h.id)).toEqual([
        'accept_within',
        'first_attempt_within',
        'attempt_cadence',
        'outcome_recorded',
      ]);
    expect(demo.sla.assignments.map((a) => a.handoffTransitionId).sort()).toEqual(
      since.map((t) => t.id).sort(),
    );
  });

  it('leaves every clock in a state its own instants explain, notified once per crossing', () => {
    const t = asOf.getTime();
    for (const { clock, notifications } of demo.sla.clocks) {
      const types = notifications.map((n) => n.type);
      switch (clock.state) {
        case 'breached':
          expect(clock.settledAt).toEqual(clock.dueAt);
          expect(clock.dueAt!.getTime()).toBeLessThanOrEqual(t);
          expect(types.filter((x) => x === 'sla.breached')).toHaveLength(1);
          break;
        case 'met':
          expect(clock.settledAt!.getTime()).toBeLessThan(clock.dueAt!.getTime());
          expect(types).not.toContain('sla.breached');
          break;
        case 'warned':
          expect(clock.warnAt!.getTime()).toBeLessThanOrEqual(t);
          expect(clock.dueAt!.getTime()).toBeGreaterThan(t);
          expect(types).toEqual(['sla.warning']);
          break;
        case 'running':
          expect(clock.dueAt!.getTime()).toBeGreaterThan(t);
          expect(clock.warnAt!.getTime()).toBeGreaterThan(t);
          expect(types).toEqual([]);
          break;
      }
      if (clock.warnedAt) expect(types).toContain('sla.warning');
    }
  });

  it('mixes outcomes: most clocks met, some breached, one rep clearly ahead, live ones this month', () => {
    const lastMonth = demo.sla.clocks.filter((c) => c.clock.startedAt.getTime() < monthStart);
    const tally = (ownerId: string) => {
      const own = lastMonth.filter((c) => c.ownerId === ownerId);
      const met = own.filter((c) => c.clock.state === 'met').length;
      const breached = own.filter((c) => c.clock.state === 'breached').length;
      return { met, breached, share: (met + 1) / (met + breached + 2) };
    };
    for (const r of reps) expect(tally(r.id).met, r.email).toBeGreaterThan(10);
    const amara = tally(memberByLocal.get('amara.okafor')!.id);
    const marcus = tally(memberByLocal.get('marcus.johnson')!.id);
    expect(marcus.breached).toBeGreaterThan(10);
    expect(amara.share - marcus.share).toBeGreaterThan(0.15);
    const met = lastMonth.filter((c) => c.clock.state === 'met').length;
    const breached = lastMonth.filter((c) => c.clock.state === 'breached').length;
    expect(met / (met + breached)).toBeGreaterThan(0.75);
    expect(breached).toBeGreaterThan(30);
    expect(lastMonth.some((c) => c.clock.warnedAt !== null && c.clock.state === 'met')).toBe(true);

    const open = demo.sla.clocks.filter(
      (c) => c.clock.state === 'running' || c.clock.state === 'warned',
    );
    expect(open.some((c) => c.clock.state === 'warned')).toBe(true);
    // Countdowns the inbox shows: decisions and first attempts due within the working day.
    const dueSoon = open.filter(
      (c) =>
        (c.clock.clause === 'accept_within' || c.clock.clause === 'first_attempt_within') &&
        businessTimeBetween(calendarOf(c.ownerId), asOf, c.clock.dueAt!) < 6 * hourMs,
    );
    expect(dueSoon.length).toBeGreaterThanOrEqual(3);
    const thisMonth = demo.sla.clocks.filter((c) => c.clock.startedAt.getTime() >= monthStart);
    expect(thisMonth.some((c) => c.clock.state === 'breached')).toBe(true);
  });

  it('logs attempts at the desk after acceptance, by the owner, in the desk’s shape', () => {
    const attempts = demo.events.filter((e) => e.type === 'sales_attempt');
    expect(attempts.length).toBeGreaterThan(500);
    const owner = new Map(demo.contacts.map((c) => [c.id, c.ownerId]));
    for (const e of attempts) {
      const p = e.properties as Record<string, string>;
      expect(outcomeFits(p.channel as 'call', p.outcome!), `${p.channel} ${p.outcome}`).toBe(true);
      expect(e.name).toBe(`${p.channel}: ${p.outcome!.replaceAll('_', ' ')}`);
      expect(p.memberId).toBe(owner.get(e.contactId!));
      expect(p.memberName).toBe(memberById.get(p.memberId!)!.name);
      expect(e.occurredAt.getTime()).toBeGreaterThanOrEqual(eraStart);
    }
  });

  it('credits every lead to the marketer who owns its first-touch channel', () => {
    const marketers = new Set(demo.members.filter((m) => m.role === 'marketing').map((m) => m.id));
    const counts = new Map<string, number>();
    for (const c of demo.contacts) {
      expect(marketers.has(c.marketerId)).toBe(true);
      counts.set(c.marketerId, (counts.get(c.marketerId) ?? 0) + 1);
      if (c.firstTouchMedium === 'cpc')
        expect(c.marketerId).toBe(memberByLocal.get('sofia.marquez')!.id);
    }
    expect(counts.size).toBe(3);
    for (const n of counts.values()) expect(n).toBeGreaterThan(200);
  });
});
