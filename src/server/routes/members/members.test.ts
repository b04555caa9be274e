import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import {
  type Caller,
  startTestApp,
  type TestApp,
  type TestMemberName,
} from '../../../../test/support/test-app.js';
import { defaultCalendar } from '../../../core/business-time/calendar.js';

describe.each(databaseTargets)('member availability API on $name', (target) => {
  let t: TestApp;
  const as = {} as Record<TestMemberName, Caller>;

  beforeAll(async () => {
    t = await startTestApp(target);
    for (const name of ['manager', 'rep', 'otherRep', 'marketer'] as const)
      as[name] = await t.signIn(name);
  });
  afterAll(async () => t?.close());

  const audits = async (action: string) =>
    (
      await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1',
        [action],
      )
    ).rows[0]!.n;

  const hours = {
    timeZone: 'America/New_York',
    weeklyHours: [
      { day: 1, start: '08:00', end: '12:00' },
      { day: 1, start: '13:00', end: '17:00' },
    ],
    holidays: ['2026-12-25'],
  };

  it('sets working hours for oneself, or a sales manager for a rep; back to the default with null', async () => {
    const mine = await t.request(as.rep, {
      method: 'PUT',
      url: `/api/v1/members/${t.members.rep}/calendar`,
      payload: { calendar: hours },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      id: t.members.rep,
      role: 'sales_rep',
      calendar: hours,
      calendarIsDefault: false,
    });
    const byManager = await t.request(as.manager, {
      method: 'PUT',
      url: `/api/v1/members/${t.members.rep}/calendar`,
      payload: { calendar: null },
    });
    expect(byManager.json()).toMatchObject({
      calendar: defaultCalendar('Europe/Berlin'),
      calendarIsDefault: true,
    });
    expect(await audits('member.calendar_set')).toBe(2);
  });

  it("refuses another member's hours and bad calendars by path, writing nothing", async () => {
    const other = await t.request(as.rep, {
      method: 'PUT',
      url: `/api/v1/members/${t.members.otherRep}/calendar`,
      payload: { calendar: hours },
    });
    expect(other.statusCode).toBe(403);
    const bad = await t.request(as.rep, {
      method: 'PUT',
      url: `/api/v1/members/${t.members.rep}/calendar`,
      payload: {
        calendar: {
          ...hours,
          timeZone: 'Mars/Olympus',
          weeklyHours: [{ day: 8, start: '9', end: '17:00' }],
        },
      },
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields.length).toBeGreaterThanOrEqual(2);
    expect(fields.every((f) => f.startsWith('calendar/'))).toBe(true);
    const missing = await t.request(as.manager, {
      method: 'PUT',
      url: '/api/v1/members/00000000-0000-4000-8000-000000000000/calendar',
      payload: { calendar: null },
    });
    expect(missing.statusCode).toBe(404);
    expect(await audits('member.calendar_set')).toBe(2);
  });

  it('adds, lists and removes away periods; others may read but not change them', async () => {
    const url = `/api/v1/members/${t.members.rep}/away-periods`;
    const added = await t.request(as.rep, {
      method: 'POST',
      url,
      payload: { startsAt: '2027-01-04T00:00:00Z', endsAt: '2027-01-09T00:00:00Z', note: 'skiing' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      memberId: t.members.rep,
      startsAt: '2027-01-04T00:00:00.000Z',
      endsAt: '2027-01-09T00:00:00.000Z',
      note: 'skiing',
    });
    const byManager = await t.request(as.manager, {
      method: 'POST',
      url,
      payload: { startsAt: '2026-12-24T00:00:00Z', endsAt: '2026-12-27T00:00:00Z' },
    });
    expect(byManager.statusCode).toBe(201);

    const listed = await t.request(as.marketer, { method: 'GET', url });
    expect(listed.json().items.map((p: { id: string }) => p.id)).toEqual([
      byManager.json().id,
      added.json().id,
    ]);

    const byOther = await t.request(as.otherRep, {
      method: 'POST',
      url,
      payload: { startsAt: '2027-02-01T00:00:00Z', endsAt: '2027-02-02T00:00:00Z' },
    });
    expect(byOther.statusCode).toBe(403);
    const backwards = await t.request(as.rep, {
      method: 'POST',
      url,
      payload: { startsAt: '2027-02-02T00:00:00Z', endsAt: '2027-02-01T00:00:00Z' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
    const notADate = await t.request(as.rep, {
      method: 'POST',
      url,
      payload: { startsAt: 'tomorrow', endsAt: '2027-02-01T00:00:00Z' },
    });
    expect(notADate.statusCode).toBe(400);

    const removeByOther = await t.request(as.otherRep, {
      method: 'DELETE',
      url: `${url}/${added.json().id}`,
    });
    expect(removeByOther.statusCode).toBe(403);
    // A period is removed under its own member's URL only.
    const wrongMember = await t.request(as.manager, {
      method: 'DELETE',
      url: `/api/v1/members/${t.members.otherRep}/away-periods/${added.json().id}`,
    });
    expect(wrongMember.statusCode).toBe(404);
    const removed = await t.request(as.rep, { method: 'DELETE', url: `${url}/${added.json().id}` });
    expect(removed.statusCode).toBe(204);
    expect((await t.request(as.rep, { method: 'GET', url })).json().items).toHaveLength(1);
    expect(await audits('member.away_added')).toBe(2);
    expect(await audits('member.away_removed')).toBe(1);
  });

  it("pauses the clocks of a rep's leads while leave covers now, and runs them again when it is removed", async () => {
    const created = await t.request(as.marketer, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: 'on-leave@acme.test' },
    });
    const id = created.json().id as string;
    await t.request(as.marketer, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { lifecycleStage: 'mql' },
    });
    await t.request(as.manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { ownerId: t.members.otherRep },
    });
    const states = async () =>
      (
        await t.db.query<{ state: string }>('SELECT state FROM sla_clocks WHERE contact_id = $1', [
          id,
        ])
      ).rows.map((r) => r.state);
    expect(await states()).toEqual(['running', 'running', 'running', 'running']);
    const url = `/api/v1/members/${t.members.otherRep}/away-periods`;
    const leave = await t.request(as.otherRep, {
      method: 'POST',
      url,
      payload: {
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    expect(leave.statusCode).toBe(201);
    expect(await states()).toEqual(['paused', 'paused', 'paused', 'paused']);
    const removed = await t.request(as.manager, {
      method: 'DELETE',
      url: `${url}/${leave.json().id}`,
    });
    expect(removed.statusCode).toBe(204);
    expect((await states()).every((s) => s === 'running' || s === 'warned')).toBe(true);
  });
});
