import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/services/demo/seed-demo.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';

/** Every row of the tables the demo writes, in a stable order, as text. */
async function dump(db: Db): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    teams: 'id',
    members: 'id',
    accounts: 'id',
    contacts: 'id',
    events: 'id',
    stage_transitions: 'contact_id, occurred_at, to_stage',
    member_away_periods: 'id',
    routing_versions: 'id',
    sla_clocks: 'id',
    notifications: 'dedupe_key',
  };
  const out: Record<string, string[]> = {};
  for (const [table, order] of Object.entries(tables)) {
    const { rows } = await db.query<{ r: string }>(
      `SELECT t::text AS r FROM ${table} t ORDER BY ${order}`,
    );
    // Ids the database draws itself differ between runs; the rest must not.
    const drawn = table === 'stage_transitions' || table === 'notifications';
    out[table] = rows.map((row) => (drawn ? row.r.replace(/^\([0-9a-f-]{36},/, '(') : row.r));
  }
  // Scores (the model's id is drawn when the workspace is prepared) and the rollups read from them.
  const derived: Record<string, string> = {
    contact_scores: `SELECT (contact_id, fit, engagement, total, band, qualifies, state, next_change_at, scored_at)::text AS r
                     FROM contact_scores ORDER BY contact_id`,
    score_history: `SELECT (contact_id, fit, engagement, total, band, qualifies, cause, occurred_at)::text AS r
                    FROM score_history ORDER BY contact_id, occurred_at, cause`,
    report_score_bands: 'SELECT t::text AS r FROM report_score_bands t ORDER BY 1',
  };
  for (const [name, sql] of Object.entries(derived))
    out[name] = (await db.query<{ r: string }>(sql)).rows.map((row) => row.r);
  return out;
}

describe.each(databaseTargets)('demo workspace on $name', (target) => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  async function freshDemo(seed: number) {
    const db = await target.open();
    opened.push(db);
    await prepareWorkspace(db);
    const summary = await seedDemo({ db, seed, asOf: new Date('2026-11-01T00:00:00Z') });
    return { db, summary };
  }

  it('has the promised shape, and the same seed gives identical data', async () => {
    const a = await freshDemo(1);
    expect(a.summary).toMatchObject({ accounts: 300, contacts: 2000 });
    const roles = await a.db.query<{ role: string; n: number }>(
      'SELECT role, count(*)::int AS n FROM members GROUP BY role ORDER BY role',
    );
    expect(roles.rows).toEqual([
      { role: 'admin', n: 1 },
      { role: 'marketing', n: 3 },
      { role: 'sales_manager', n: 1 },
      { role: 'sales_rep', n: 8 },
    ]);
    const zones = await a.db.query<{ n: number }>(
      "SELECT count(DISTINCT time_zone)::int AS n FROM members WHERE role = 'sales_rep'",
    );
    expect(zones.rows[0]!.n).toBeGreaterThanOrEqual(2);
    const salesTeams = await a.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM teams WHERE side = 'sales'",
    );
    expect(salesTeams.rows[0]!.n).toBe(2);
    const span = await a.db.query<{ oldest: Date; newest: Date }>(
      'SELECT min(occurred_at) AS oldest, max(occurred_at) AS newest FROM events',
    );
    expect(span.rows[0]!.oldest.getTime()).toBeGreaterThanOrEqual(
      new Date('2026-08-03T00:00:00Z').getTime(),
    );
    expect(span.rows[0]!.newest.getTime()).toBeLessThanOrEqual(
      new Date('2026-11-01T00:00:00Z').getTime(),
    );
    const stageMatches = await a.db.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM contacts c
      WHERE c.lifecycle_stage <> (SELECT t.to_stage FROM stage_transitions t WHERE t.contact_id = c.id ORDER BY t.occurred_at DESC, t.id DESC LIMIT 1)`);
    expect(stageMatches.rows[0]!.n).toBe(0);
    // The outcomes a feedback report reads: a reason code on every exit, an amount on every win.
    const outcomes = await a.db.query<{
      exits: number;
      coded: number;
      won: number;
      amounts: number;
      unversioned: number;
    }>(`
      SELECT count(*) FILTER (WHERE to_stage IN ('recycled', 'disqualified') AND from_stage IS NOT NULL)::int AS exits,
             count(reason_code)::int AS coded,
             count(*) FILTER (WHERE to_stage = 'customer')::int AS won,
             count(*) FILTER (WHERE to_stage = 'customer' AND amount BETWEEN 5000 AND 120000)::int AS amounts,
             count(*) FILTER (WHERE definitions_version IS DISTINCT FROM 1)::int AS unversioned
      FROM stage_transitions`);
    const o = outcomes.rows[0]!;
    expect(o.exits).toBeGreaterThan(100);
    expect(o.coded).toBe(o.exits);
    expect(o.won).toBeGreaterThan(20);
    expect(o.amounts).toBe(o.won);
    expect(o.unversioned).toBe(0);
    const personas = await a.db.query<{ persona_key: string | null }>(
      'SELECT DISTINCT persona_key FROM contacts ORDER BY persona_key',
    );
    expect(personas.rows.map((r) => r.persona_key)).toEqual([
      'demand-gen-marketer',
      'revops-leader',
      'sales-leader',
      null,
    ]);

    const b = await freshDemo(1);
    expect(await dump(b.db)).toEqual(await dump(a.db));
    // Two demos seeded one after the other: slow on a busy machine.
  }, 120_000);

  it('refuses to load into a workspace that already has contacts', async () => {
    const { db } = await freshDemo(2);
    await expect(seedDemo({ db, seed: 2, asOf: new Date('2026-11-01T00:00:00Z') })).rejects.toThrow(
      /already holds contacts/,
    );
  });
});
