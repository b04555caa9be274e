import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/roles.js';
import { capAnchorMs } from '../../src/core/scoring/caps.js';
import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import { toUnits } from '../../src/core/scoring/points.js';
import { buildScoreState, engagementAt } from '../../src/core/scoring/state.js';
import { parseScoringModel } from '../../src/core/scoring/validate-model.js';
import { startJobs } from '../../src/jobs/runner.js';
import { scoreChangesJob } from '../../src/jobs/score-changes-job.js';
import { seedDemo } from '../../src/services/demo/seed-demo.js';
import { activateScoringModel } from '../../src/services/scoring/activate-scoring-model.js';
import { loadActiveModel } from '../../src/services/scoring/active-model.js';
import { createScoringDraft } from '../../src/services/scoring/create-scoring-draft.js';
import { explainContactScore } from '../../src/services/scoring/explain-contact-score.js';
import { rescoreContacts } from '../../src/services/scoring/rescore-contacts.js';
import { scoreContacts, scoreWrite } from '../../src/services/scoring/score-contacts.js';
import { writeRescorePage } from '../../src/services/scoring/stream-rescore.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { loadScoringEvents, loadScoringInputs } from '../../src/store/contact-scores.js';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';
import { createIngestKey } from '../support/lead-desk.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const asOf = new Date('2026-11-01T00:00:00Z');
const sumUnits = (xs: { points: number }[]) => xs.reduce((s, x) => s + toUnits(x.points), 0);

describe.each(databaseTargets)('scoring on $name', (target) => {
  describe('the demo workspace', () => {
    let db: Db;
    beforeAll(async () => {
      db = await target.open();
      await prepareWorkspace(db);
      await seedDemo({ db, seed: 1, asOf });
    }, 120_000);
    afterAll(async () => db?.close());

    it('scores every contact, and each explanation adds up to the stored score exactly', async () => {
      const { rows } = await db.query<{ id: string; total_score: number | null; band: string }>(
        `SELECT c.id, s.total AS total_score, s.band FROM contacts c
         LEFT JOIN contact_scores s ON s.contact_id = c.id ORDER BY c.id`,
      );
      expect(rows.length).toBe(2000);
      const bands = new Set<string>();
      for (const c of rows) {
        expect(c.total_score).not.toBeNull();
        const e = await explainContactScore({ db, actor: systemActor, contactId: c.id, now: asOf });
        expect(sumUnits(e.contributions)).toBe(toUnits(e.total));
        expect(toUnits(e.fit) + toUnits(e.engagement)).toBe(toUnits(e.total));
        expect(e.total).toBe(c.total_score);
        expect(e.band).toBe(c.band);
        bands.add(e.band);
      }
      // The default model was tuned on the demo: all three bands occur.
      expect([...bands].sort()).toEqual(['cold', 'hot', 'warm']);
    }, 120_000);
  });

  describe('real time', () => {
    let t: TestApp;
    let writeKey: string;
    beforeAll(async () => {
      t = await startTestApp(target);
      writeKey = await createIngestKey(t);
    });
    afterAll(async () => t?.close());

    const batch = (events: Record<string, unknown>[]) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Bearer ${writeKey}` },
        payload: { batch: events },
      });
    const explain = async (id: string, now?: Date) =>
      explainContactScore({ db: t.db, actor: systemActor, contactId: id, now });
    const contactOf = async (userId: string) =>
      (
        await t.db.query<{ contact_id: string }>(
          "SELECT contact_id FROM contact_identities WHERE kind = 'user_id' AND value = $1",
          [userId],
        )
      ).rows[0]!.contact_id;
    const stored = async (id: string) =>
      (
        await t.db.query<{
          total_score: number;
          band: string;
          state: unknown;
          next_change_at: Date | null;
          qualifies: string[];
        }>(
          `SELECT total AS total_score, band, state, next_change_at, qualifies FROM contact_scores
           WHERE contact_id = $1`,
          [id],
        )
      ).rows[0]!;

    /** The stored state and one rebuilt from the stored events, checked equal to 1e-9 now. */
    const keptAgainstRebuild = async (id: string) => {
      const events = (await loadScoringEvents(t.db, [id])).get(id)!;
      const kept = (await stored(id)).state as ReturnType<typeof buildScoreState>;
      const rebuilt = buildScoreState(defaultScoringModel, events);
      const now = Date.now();
      expect(
        Math.abs(
          engagementAt(defaultScoringModel, kept, now) -
            engagementAt(defaultScoringModel, rebuilt, now),
        ),
      ).toBeLessThanOrEqual(1e-9);
      return { events, kept, rebuilt };
    };

    it('is current when the tracking API answers, and the stored state equals a rebuild', async () => {
      const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
      const res = await batch([
        {
          type: 'identify',
          userId: 'u-grace',
          traits: { email: 'grace@navy.test', title: 'VP Marketing' },
          timestamp: day(3),
          messageId: 'g-1',
        },
        {
          type: 'track',
          userId: 'u-grace',
          event: 'Form Submitted',
          properties: { form: 'demo-request' },
          timestamp: day(2),
          messageId: 'g-2',
        },
      ]);
      expect(res.statusCode).toBe(200);
      const id = await contactOf('u-grace');
      const first = await stored(id);
      const e1 = await explain(id);
      expect(e1.contributions.map((c) => c.ruleId)).toContain('demo-request');
      expect(first.total_score).toBeGreaterThan(0);

      // A later batch is applied to the stored state, not recomputed; the result must equal a rebuild.
      const more = await batch([
        {
          type: 'page',
          userId: 'u-grace',
          properties: { path: '/pricing' },
          timestamp: day(1),
          messageId: 'g-3',
        },
        {
          type: 'track',
          userId: 'u-grace',
          event: 'Chat Started',
          timestamp: day(1),
          messageId: 'g-4',
        },
      ]);
      expect(more.statusCode).toBe(200);
      const after = await stored(id);
      expect(after.total_score).toBeGreaterThan(first.total_score);
      const { events } = await keptAgainstRebuild(id);
      expect(events).toHaveLength(4);
      expect(after.qualifies).toContain('cql');
      const history = await t.db.query<{ cause: string }>(
        'SELECT cause FROM score_history WHERE contact_id = $1 ORDER BY occurred_at',
        [id],
      );
      expect(history.rows.map((r) => r.cause)).toEqual(['activity', 'activity']);
    });

    it('places events weeks late in their let-go cap window exactly, as a rebuild would', async () => {
      const week = 7 * 86_400_000;
      // Events in one weekly cap window (Monday-anchored, caps.ts) five to six weeks back.
      const monday =
        capAnchorMs + Math.floor((Date.now() - 40 * 86_400_000 - capAnchorMs) / week) * week;
      const at = (hours: number) => new Date(monday + hours * 3_600_000).toISOString();
      const opened = (messageId: string, timestamp: string) => ({
        type: 'track',
        userId: 'u-ada',
        event: 'Email Opened',
        timestamp,
        messageId,
      });
      const first = await batch([
        {
          type: 'identify',
          userId: 'u-ada',
          traits: { email: 'ada@engine.test' },
          messageId: 'a-0',
        },
        ...[2, 3, 4, 5].map((h) => opened(`a-old-${h}`, at(h))),
        opened('a-now', new Date().toISOString()),
      ]);
      expect(first.statusCode).toBe(200);
      const id = await contactOf('u-ada');
      // Earlier in the window than the stored ones: it takes the point of the third (cap 3 a week).
      const late = await batch([opened('a-late-1', at(1)), opened('a-late-2', at(6))]);
      expect(late.statusCode).toBe(200);
      const { events, kept, rebuilt } = await keptAgainstRebuild(id);
      expect(events.filter((e) => e.type === 'email_opened')).toHaveLength(7);
      expect(kept.rules['email-open']?.occurrences).toBe(7);
      // The let-go window stays let go: the state did not grow back to the whole history.
      expect(kept.rules['email-open']?.windows?.map((w) => w.index)).toEqual(
        rebuilt.rules['email-open']?.windows?.map((w) => w.index),
      );
    });

    it('keeps one exact state when concurrent transactions score the same contact', async () => {
      const anonymousIds = Array.from({ length: 8 }, (_, i) => `turing-device-${i}`);
      const linked = await batch(
        anonymousIds.map((anonymousId, i) => ({
          type: 'identify',
          userId: 'u-turing',
          anonymousId,
          traits: { email: 'turing@bletchley.test', title: 'VP Marketing' },
          messageId: `t-link-${i}`,
        })),
      );
      expect(linked.statusCode).toBe(200);
      const id = await contactOf('u-turing');
      // Different devices take different identity locks, so these can commit side by side.
      const answers = await Promise.all(
        anonymousIds.map((anonymousId, i) =>
          batch(
            Array.from({ length: 5 }, (_, j) => ({
              type: 'page',
              anonymousId,
              properties: { path: j % 2 ? '/pricing' : '/blog/scoring' },
              timestamp: new Date(Date.now() - (i * 5 + j) * 3_600_000).toISOString(),
              messageId: `t-${i}-${j}`,
            })),
          ),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(anonymousIds.map(() => 200));
      const { events, kept } = await keptAgainstRebuild(id);
      expect(events.filter((e) => e.type === 'page_viewed')).toHaveLength(40);
      expect(kept.rules['pricing-page']?.occurrences).toBe(16);
      expect(kept.rules['blog-post']?.occurrences).toBe(24);
    });

    it('never stores a streamed rescore over a score newer than the stream', async () => {
      const id = await contactOf('u-grace');
      const active = (await loadActiveModel(t.db))!;
      const other = { ...active, id: '00000000-0000-4000-8000-000000000001' };
      const [input] = await loadScoringInputs(t.db, [id], { lock: false });
      // Computed from a stream that saw none of the contact's events.
      const stale = scoreWrite(
        other,
        input!,
        buildScoreState(other.model, []),
        new Date(),
        'rescore',
      )!;
      const rebuiltTotal = (await stored(id)).total_score;
      // Scored after the stream's snapshot by another version: rebuilt from storage instead.
      await t.db.transaction((tx) =>
        writeRescorePage(tx, other, [stale], new Date(Date.now() - 60_000), new Date()),
      );
      const after = await t.db.query<{ model_id: string; total: number }>(
        'SELECT model_id, total FROM contact_scores WHERE contact_id = $1',
        [id],
      );
      expect(after.rows[0]!.model_id).toBe(other.id);
      expect(after.rows[0]!.total).toBeGreaterThan(0);
      expect(Math.abs(after.rows[0]!.total - rebuiltTotal)).toBeLessThan(1);
      // Already on the streamed version: left alone.
      await t.db.transaction((tx) =>
        writeRescorePage(tx, other, [{ ...stale, total: -1 }], new Date(0), new Date()),
      );
      const again = await t.db.query<{ total: number }>(
        'SELECT total FROM contact_scores WHERE contact_id = $1',
        [id],
      );
      expect(again.rows[0]!.total).toBe(after.rows[0]!.total);
      // Put the contact back on the active version for the tests that follow.
      await t.db.transaction((tx) =>
        scoreContacts(tx, { now: new Date(), lock: false, rebuild: new Set([id]) }),
      );
    });

    it('applies a decay-caused band change within a second of its computed time', async () => {
      const now = Date.now();
      const res = await batch([
        {
          type: 'identify',
          userId: 'u-hopper',
          traits: { email: 'hopper@navy.test', title: 'VP Marketing' },
          timestamp: new Date(now - 60_000).toISOString(),
          messageId: 'h-1',
        },
        ...['demo-request', 'contact-us'].map((form, i) => ({
          type: 'track',
          userId: 'u-hopper',
          event: 'Form Submitted',
          properties: { form },
          timestamp: new Date(now - 50_000 + i).toISOString(),
          messageId: `h-form-${i}`,
        })),
        ...[0, 1, 2].map((i) => ({
          type: 'page',
          userId: 'u-hopper',
          properties: { path: '/pricing' },
          timestamp: new Date(now - 40_000 + i).toISOString(),
          messageId: `h-pricing-${i}`,
        })),
        {
          type: 'page',
          userId: 'u-hopper',
          properties: { path: '/product/routing' },
          timestamp: new Date(now - 30_000).toISOString(),
          messageId: 'h-4',
        },
      ]);
      expect(res.statusCode).toBe(200);
      const id = await contactOf('u-hopper');
      const before = await stored(id);
      expect(before.band).toBe('hot');
      const due = before.next_change_at!.getTime();
      // Computed, not found by scanning: days ahead, when engagement falls below hot − fit.
      expect(due).toBeGreaterThan(now + 86_400_000);

      const clock = new ManualClock(due - 3000);
      const runner = startJobs({ db: t.db, jobs: [scoreChangesJob], clock });
      try {
        let seenAt: number | null = null;
        for (let at = due - 3000; at <= due + 3000 && seenAt === null; at += 100) {
          clock.advanceTo(at);
          await runner.idle();
          if ((await stored(id)).band !== 'hot') seenAt = at;
        }
        expect(seenAt).not.toBeNull();
        expect(seenAt!).toBeGreaterThanOrEqual(due);
        expect(seenAt! - due).toBeLessThanOrEqual(1000);
      } finally {
        await runner.stop();
      }
      const after = await stored(id);
      expect(after.band).toBe('warm');
      // The history row carries the exact computed instant, and the next change is scheduled.
      const h = await t.db.query<{ occurred_at: Date; band: string }>(
        "SELECT occurred_at, band FROM score_history WHERE contact_id = $1 AND cause = 'decay'",
        [id],
      );
      expect(h.rows).toEqual([{ occurred_at: new Date(due), band: 'warm' }]);
      expect(after.next_change_at!.getTime()).toBeGreaterThan(due);
      // The explanation at that instant agrees with what the clock stored.
      expect((await explain(id, new Date(due))).band).toBe('warm');
      expect((await explain(id, new Date(due - 1))).band).toBe('hot');
    });

    it('rescores every contact onto an activated version, and keeps the history', async () => {
      const draft = await createScoringDraft({
        db: t.db,
        actor: systemActor,
        name: 'Chat counts double, warm and hot are rarer',
        document: {
          ...defaultScoringModel,
          bands: { warm: 150, hot: 200 },
          engagement: defaultScoringModel.engagement.map((r) =>
            r.id === 'chat' ? { ...r, points: 30 } : r,
          ),
        },
      });
      const { rescore } = await activateScoringModel({
        db: t.db,
        actor: systemActor,
        modelId: draft.id,
      });
      const progress: number[] = [];
      const done = await rescoreContacts({
        db: t.db,
        rescore,
        batchSize: 1,
        workers: 1,
        onProgress: (n) => progress.push(n),
      });
      expect(done?.status).toBe('completed');
      const { rows: all } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM contacts',
      );
      expect(progress).toEqual(Array.from({ length: all[0]!.n }, (_, i) => i + 1));
      const { rows } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM contact_scores WHERE model_id <> $1',
        [draft.id],
      );
      expect(rows[0]!.n).toBe(0);
      const grace = await contactOf('u-grace');
      const e = await explain(grace);
      expect(e.model.version).toBe(draft.version);
      expect(e.contributions.find((c) => c.ruleId === 'chat')!.points).toBeGreaterThan(15);
      const { rows: at } = await t.db.query<{ scored_at: Date }>(
        'SELECT scored_at FROM contact_scores WHERE contact_id = $1',
        [grace],
      );
      expect((await stored(grace)).total_score).toBe(
        (await explain(grace, at[0]!.scored_at)).total,
      );
      // A switch that changes the band is a history row; one that only moves points is not.
      const causes = await t.db.query<{ cause: string; band: string }>(
        'SELECT cause, band FROM score_history WHERE contact_id = $1 ORDER BY occurred_at, id',
        [grace],
      );
      expect(causes.rows.map((r) => r.cause)).toEqual(['activity', 'activity', 'rescore']);
      expect(causes.rows.at(-1)!.band).toBe('cold');
    });

    it('stores, by the default rescore path (a stream on PostgreSQL), what a rebuild from storage gives', async () => {
      const draft = await createScoringDraft({
        db: t.db,
        actor: systemActor,
        name: 'Pages count more',
        document: {
          ...defaultScoringModel,
          engagement: defaultScoringModel.engagement.map((r) =>
            r.id === 'pricing-page' ? { ...r, points: 14 } : r,
          ),
        },
      });
      // Scores from well before the stream's snapshot: the stream's own reads are stored
      // (scores newer than that are rebuilt from storage instead; see stream-rescore.ts).
      await t.db.query("UPDATE contact_scores SET scored_at = scored_at - interval '1 hour'");
      const { rescore } = await activateScoringModel({
        db: t.db,
        actor: systemActor,
        modelId: draft.id,
      });
      expect((await rescoreContacts({ db: t.db, rescore }))?.status).toBe('completed');
      const model = parseScoringModel(draft.document);
      const { rows } = await t.db.query<{ contact_id: string; state: unknown }>(
        'SELECT contact_id, state FROM contact_scores WHERE model_id = $1 ORDER BY contact_id',
        [draft.id],
      );
      const { rows: all } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM contacts',
      );
      expect(rows).toHaveLength(all[0]!.n);
      const events = await loadScoringEvents(
        t.db,
        rows.map((r) => r.contact_id),
      );
      for (const r of rows)
        expect(r.state).toEqual(
          JSON.parse(JSON.stringify(buildScoreState(model, events.get(r.contact_id) ?? []))),
        );
    });
  });
});
