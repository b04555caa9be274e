import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/roles.js';
import { evaluate, evaluateFit } from '../../src/core/scoring/evaluate.js';
import { scoreFigures } from '../../src/core/scoring/score-figures.js';
import { buildScoreState } from '../../src/core/scoring/state.js';
import { seedDemo } from '../../src/services/demo/seed-demo.js';
import { getScoringPerformance } from '../../src/services/reports/get-scoring-performance.js';
import { loadActiveModel } from '../../src/services/scoring/active-model.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { loadScoringEvents, loadScoringInputs } from '../../src/store/contact-scores.js';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';

/**
 * The demo seeds months of events at once, yet its scoring report must read the
 * score each handed lead had when it was handed over — as a live workspace,
 * scoring every event as it arrives, would have recorded it — not one score
 * taken at the end.
 */

const asOf = new Date('2026-11-01T00:00:00Z');

describe.each(databaseTargets)('the demo scoring report on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    await seedDemo({ db, seed: 5, asOf });
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  it('spreads the handed leads over bands and score buckets', async () => {
    const report = await getScoringPerformance({
      db,
      actor: systemActor,
      from: '2025-09',
      to: '2026-11',
      now: asOf,
    });
    const scored = report.bands.filter((b) => b.band !== null && b.handed > 0);
    expect(scored.length).toBeGreaterThanOrEqual(2);
    // Every handed lead had a score by its handoff: no "(none)" band.
    expect(report.bands.filter((b) => b.band === null)).toEqual([]);
    const buckets = report.calibration.filter((b) => b.handed > 0);
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const b of buckets) {
      expect(b.meanScore!).toBeGreaterThanOrEqual(b.bucket * 10);
      if (b.bucket < 9) expect(b.meanScore!).toBeLessThan(b.bucket * 10 + 10);
    }
    // The handoffs in the report are all the demo's handoffs.
    const handed = await db.query<{ n: number }>(
      `SELECT count(DISTINCT contact_id)::int AS n FROM stage_transitions
       WHERE to_stage IN ('mql', 'pql', 'cql')`,
    );
    expect(scored.reduce((n, b) => n + b.handed, 0)).toBe(handed.rows[0]!.n);
    expect(handed.rows[0]!.n).toBeGreaterThan(200);
  }, 120_000);

  it('stores at each handoff the score the active model gives the events before it', async () => {
    const active = (await loadActiveModel(db))!;
    // The handoff: the first move into a route stage (the demo creates no contact in one).
    const { rows: handoffs } = await db.query<{ contact_id: string; at: Date }>(
      `SELECT contact_id, min(occurred_at) AS at FROM stage_transitions
       WHERE to_stage IN ('mql', 'pql', 'cql') GROUP BY contact_id ORDER BY contact_id`,
    );
    const createdInRoute = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stage_transitions t
       WHERE t.from_stage IN ('mql', 'pql', 'cql')
         AND NOT EXISTS (SELECT 1 FROM stage_transitions e
                         WHERE e.contact_id = t.contact_id AND e.occurred_at < t.occurred_at)`,
    );
    expect(createdInRoute.rows[0]!.n).toBe(0);
    const ids = handoffs.map((h) => h.contact_id);
    const inputs = new Map(
      (await loadScoringInputs(db, ids, { lock: false })).map((i) => [i.contactId, i]),
    );
    const events = await loadScoringEvents(db, ids);
    // What the report fold reads: the last history row at or before the handoff.
    const { rows: stored } = await db.query<{
      contact_id: string;
      model_id: string;
      fit: string;
      engagement: string;
      total: string;
      band: string;
      qualifies: string[];
      cause: string;
      occurred_at: Date;
    }>(
      `SELECT x.id AS contact_id, s.*
       FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, at)
       CROSS JOIN LATERAL (
         SELECT h.model_id, h.fit::text, h.engagement::text, h.total::text, h.band, h.qualifies,
                h.cause, h.occurred_at
         FROM score_history h WHERE h.contact_id = x.id AND h.occurred_at <= x.at
         ORDER BY h.occurred_at DESC, h.id DESC LIMIT 1) s`,
      [ids, handoffs.map((h) => h.at)],
    );
    const storedOf = new Map(stored.map((r) => [r.contact_id, r]));
    let moved = 0;
    for (const h of handoffs) {
      const row = storedOf.get(h.contact_id);
      expect(row, `history row at the handoff of ${h.contact_id}`).toBeDefined();
      const input = inputs.get(h.contact_id)!;
      const before = (events.get(h.contact_id) ?? []).filter(
        (e) => e.occurredAt.getTime() <= h.at.getTime(),
      );
      const fit = evaluateFit(active.model, input.contact);
      const figures = scoreFigures(active.model, fit, buildScoreState(active.model, before), h.at);
      expect({
        modelId: row!.model_id,
        cause: row!.cause,
        at: row!.occurred_at.toISOString(),
        fit: Number(row!.fit),
        engagement: Number(row!.engagement),
        total: Number(row!.total),
        band: row!.band,
        qualifies: row!.qualifies,
      }).toEqual({
        modelId: active.id,
        cause: 'activity',
        at: h.at.toISOString(),
        fit: figures.fit,
        engagement: figures.engagement,
        total: figures.total,
        band: figures.band,
        qualifies: figures.qualifies,
      });
      // The from-scratch evaluation (no stored state) agrees to the last unit.
      const scratch = evaluate(active.model, input.contact, before, h.at);
      expect(Math.abs(scratch.total - figures.total)).toBeLessThanOrEqual(0.0001);
      expect(scratch.band).toBe(figures.band);
      if (figures.total !== Number(input.stored!.total)) moved++;
    }
    // The handoff score is a score of its own, not the final one copied back.
    expect(moved).toBeGreaterThan(handoffs.length / 2);
  }, 120_000);

  it('leaves every contact with its current score from its whole history', async () => {
    const active = (await loadActiveModel(db))!;
    const { rows } = await db.query<{ id: string }>('SELECT id FROM contacts ORDER BY id');
    const ids = rows.map((r) => r.id);
    const inputs = await loadScoringInputs(db, ids, { lock: false });
    const events = await loadScoringEvents(db, ids);
    expect(inputs).toHaveLength(2000);
    for (const i of inputs) {
      const state = buildScoreState(active.model, events.get(i.contactId) ?? []);
      const figures = scoreFigures(active.model, evaluateFit(active.model, i.contact), state, asOf);
      expect({
        modelId: i.stored?.modelId,
        total: i.stored?.total === null ? null : Number(i.stored?.total),
        band: i.stored?.band,
        qualifies: i.stored?.qualifies,
        state: i.stored?.state,
      }).toEqual({
        modelId: active.id,
        total: figures.total,
        band: figures.band,
        qualifies: figures.qualifies,
        state: JSON.parse(JSON.stringify(state)),
      });
    }
    // One history row at the end per contact, as the rescore wrote it before.
    const { rows: last } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM score_history WHERE occurred_at = $1 AND cause = 'rescore'`,
      [asOf],
    );
    expect(last[0]!.n).toBe(2000);
  }, 120_000);
});
