import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { createIngestKey, qualifyingEvents, routeInboundRoundRobin } from '../support/lead-desk.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A visitor's older device record meets the lead sales is already working
 * (an identify joining the device's userId to the lead's email): the merge
 * must keep the lead as it is in sales' hands — its stage, owner, clocks and
 * history — and take the older record's events, not the other way round.
 */
describe.each(databaseTargets)('merging into a lead handed to sales on $name', (target) => {
  let t: TestApp;
  let writeKey: string;
  beforeAll(async () => {
    t = await startTestApp(target);
    writeKey = await createIngestKey(t);
    await routeInboundRoundRobin(t);
  });
  afterAll(async () => t?.close());

  async function ingest(batch: Record<string, unknown>[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Bearer ${writeKey}` },
      payload: { batch },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  async function contactOfUser(userId: string) {
    const { rows } = await t.db.query<{ id: string; lifecycle_stage: string; owner_id: string }>(
      `SELECT c.id, c.lifecycle_stage, c.owner_id FROM contact_identities i
       JOIN contacts c ON c.id = i.contact_id WHERE i.kind = 'user_id' AND i.value = $1`,
      [userId],
    );
    return rows[0];
  }

  const count = async (sql: string, params: unknown[]) =>
    Number((await t.db.query<{ n: number }>(sql, params)).rows[0]!.n);

  it('keeps the handed lead as the survivor, with its stage, owner, clocks and history', async () => {
    await ingest([
      { type: 'identify', userId: 'old-device', traits: { firstName: 'Early' } },
      { type: 'page', userId: 'old-device', properties: { path: '/blog' } },
    ]);
    const older = (await contactOfUser('old-device'))!;
    await ingest(qualifyingEvents('lead-user', 'lead@merge.test'));
    const lead = (await contactOfUser('lead-user'))!;
    expect(lead.owner_id).not.toBeNull();
    const before = {
      clocks: await count('SELECT count(*) AS n FROM sla_clocks WHERE contact_id = $1', [lead.id]),
      transitions: await count(
        'SELECT count(*) AS n FROM stage_transitions WHERE contact_id = ANY($1::uuid[])',
        [[lead.id, older.id]],
      ),
      events: await count('SELECT count(*) AS n FROM events WHERE contact_id = ANY($1::uuid[])', [
        [lead.id, older.id],
      ]),
    };

    await ingest([
      { type: 'identify', userId: 'old-device', traits: { email: 'lead@merge.test' } },
    ]);

    const merged = await t.db.query<{ survivor_id: string; merged_id: string }>(
      'SELECT survivor_id, merged_id FROM contact_merges',
    );
    expect(merged.rows).toEqual([{ survivor_id: lead.id, merged_id: older.id }]);
    expect(await contactOfUser('old-device')).toEqual(lead);
    expect(await contactOfUser('lead-user')).toEqual(lead);
    expect({
      clocks: await count('SELECT count(*) AS n FROM sla_clocks WHERE contact_id = $1', [lead.id]),
      transitions: await count(
        'SELECT count(*) AS n FROM stage_transitions WHERE contact_id = $1',
        [lead.id],
      ),
      events: await count('SELECT count(*) AS n FROM events WHERE contact_id = $1', [lead.id]),
    }).toEqual({ ...before, events: before.events + 1 });
    const { rows } = await t.db.query<{ first_name: string | null }>(
      'SELECT first_name FROM contacts WHERE id = $1',
      [lead.id],
    );
    expect(rows[0]!.first_name).toBe('Early');
  });
});
