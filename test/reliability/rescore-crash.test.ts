import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/roles.js';
import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import { evaluateFit } from '../../src/core/scoring/evaluate.js';
import { scoreFigures } from '../../src/core/scoring/score-figures.js';
import { buildScoreState } from '../../src/core/scoring/state.js';
import { parseScoringModel } from '../../src/core/scoring/validate-model.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { createScoringDraft } from '../../src/services/scoring/create-scoring-draft.js';
import { scoreEveryContact } from '../../src/services/scoring/rescore-contacts.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { loadScoringEvents, loadScoringInputs } from '../../src/store/contact-scores.js';
import type { Db } from '../../src/store/db.js';
import { openPglite } from '../../src/store/pglite/driver.js';
import { databaseTargets } from '../support/databases.js';
import { startCli, waitForLine } from '../support/run-cli.js';
import { databaseUrlOf } from '../support/sla-fixtures.js';

/**
 * SIGKILL during a rescore (issue 8). Activating a scoring version through the
 * API of a real `tandem serve` starts a rescore of every contact in the
 * background (a page of 1,000 contacts per transaction on PGlite, a stream
 * written in pages on PostgreSQL). The server is killed with SIGKILL once the
 * run's progress shows a page done, and started again; it resumes the run at
 * start. Then:
 * - the run is one `rescores` row, `completed` once, done = total;
 * - every contact is on the new version, and its stored score (fit,
 *   engagement, total, band, qualification, next change, state) is what the
 *   pure scoring core computes afresh from its stored events, at the instant
 *   the score was stored;
 * - the history holds one `rescore` row for each contact whose band or
 *   qualification the new version changed, and none for the others: nothing
 *   appended twice by the resumed run;
 * - a rescore has no other effect (it writes scores only, never routes): stage
 *   transitions and notifications are as they were.
 *
 * PGlite: the test seeds the data directory and reads it only between server
 * processes; the killed server's stale lock is taken over by the next one.
 */
const page = 1_000;

const newVersion = {
  ...defaultScoringModel,
  bands: { warm: 30, hot: 60 },
  qualification: { ...defaultScoringModel.qualification, mql: { minTotal: 60, minFit: 10 } },
  engagement: defaultScoringModel.engagement.map((r) =>
    r.id === 'chat' ? { ...r, points: 25 } : r,
  ),
};

/** `n` contacts with a profile for fit rules and four events each over the last 20 days. */
async function seedContacts(db: Db, n: number): Promise<void> {
  await db.query(
    `INSERT INTO contacts (email, title, lifecycle_stage, properties)
     SELECT 'r-' || n || '@rescore.test',
            (ARRAY['VP Marketing', 'Marketing Manager', 'Engineer', 'Student'])[1 + n % 4],
            'lead',
            jsonb_build_object('seniority', (ARRAY['executive', 'manager', 'individual'])[1 + n % 3],
                               'department', (ARRAY['marketing', 'sales', 'engineering'])[1 + n % 3])
     FROM generate_series(0, $1::int - 1) AS n`,
    [n],
  );
  await db.query(
    `INSERT INTO events (contact_id, type, name, properties, source, message_id, occurred_at)
     SELECT c.id,
            (ARRAY['page_viewed', 'feature_used', 'chat_started', 'signed_up', 'form_submitted'])[1 + (r.n + k) % 5],
            NULL,
            CASE (r.n + k) % 5
              WHEN 0 THEN jsonb_build_object('path', (ARRAY['/pricing', '/blog/a', '/product'])[1 + k % 3])
              WHEN 4 THEN jsonb_build_object('form', 'demo-request')
              ELSE '{}'::jsonb END,
            'seed', 'seed-' || r.n || '-' || k,
            now() - make_interval(hours => (r.n * 7 + k * 61) % 480)
     FROM contacts c
     CROSS JOIN LATERAL (SELECT split_part(split_part(c.email, '-', 2), '@', 1)::int AS n) r
     CROSS JOIN generate_series(0, 3) AS k`,
  );
}

interface Server {
  child: ChildProcess;
  url: string;
  errors(): string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = startCli(['serve', '--port', '0'], env);
  let errors = '';
  child.stderr!.on('data', (d) => (errors += d));
  const [, url] = await waitForLine(child, /Tandem is running at (http:\/\/\S+)/, 90_000);
  return { child, url: url!, errors: () => errors.trim() };
}

interface RescoreView {
  status: string;
  total: number;
  done: number;
}

describe.each(databaseTargets)('rescore across SIGKILL on $name', (target) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-rescore-crash-'));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a killed rescore: every score fresh, history once, the run completed once', async () => {
    const contacts = target.name === 'postgres' ? 30_000 : 8_000;
    let env: Record<string, string>;
    let read: <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
    if (target.name === 'postgres') {
      const db = await target.open();
      cleanups.push(() => db.close());
      env = { DATABASE_URL: await databaseUrlOf(db) };
      read = (fn) => fn(db);
    } else {
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(dataDir);
      env = { TANDEM_DATA_DIR: dataDir };
      read = async (fn) => {
        const db = await openPglite(path.join(dataDir, 'pgdata'));
        try {
          return await fn(db);
        } finally {
          await db.close();
        }
      };
    }

    const setting = await read(async (db) => {
      await prepareWorkspace(db);
      await seedContacts(db, contacts);
      await db.transaction((tx) =>
        scoreEveryContact(tx, { now: new Date(), lock: db.kind === 'postgres' }),
      );
      // Scored well before the run: the PostgreSQL stream stores its own reads
      // (newer scores it rebuilds from storage; stream-rescore.ts).
      await db.query("UPDATE contact_scores SET scored_at = scored_at - interval '1 hour'");
      const { key } = await createApiKey({
        db,
        actor: systemActor,
        name: 'rescore crash',
        scopes: ['admin'],
      });
      const draft = await createScoringDraft({
        db,
        actor: systemActor,
        name: 'Warm and hot come sooner',
        document: newVersion,
      });
      const { rows: before } = await db.query<{ id: string; standing: string }>(
        `SELECT contact_id AS id, band || ':' || array_to_string(qualifies, ',') AS standing
         FROM contact_scores`,
      );
      return {
        key,
        draftId: draft.id,
        before: new Map(before.map((r) => [r.id, r.standing])),
        sideEffects: await sideEffects(db),
      };
    });
    expect(setting.before.size).toBe(contacts);

    const headers = { authorization: `Bearer ${setting.key}` };
    let server = await startServer(env);
    const activated = await fetch(
      `${server.url}/api/v1/scoring/models/${setting.draftId}/activate`,
      {
        method: 'POST',
        headers,
      },
    );
    expect(activated.status).toBe(202);
    const rescoreId = ((await activated.json()) as { rescore: { id: string } }).rescore.id;
    const progress = async (s: Server) => {
      const res = await fetch(`${s.url}/api/v1/scoring/rescores/${rescoreId}`, { headers });
      return (await res.json()) as RescoreView;
    };

    // Killed once a page is through and the run goes on.
    let seen: RescoreView;
    for (;;) {
      seen = await progress(server);
      if (seen.status !== 'running' || seen.done >= page) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    expect({ status: seen.status, errors: server.errors() }).toEqual({
      status: 'running',
      errors: '',
    });

    const atKill = await read(async (db) => {
      const { rows } = await db.query<{ rescored: number; status: string; runs: number }>(
        `SELECT (SELECT count(*)::int FROM contact_scores WHERE model_id = $1) AS rescored,
                (SELECT status FROM rescores WHERE id = $2) AS status,
                (SELECT count(*)::int FROM rescores WHERE model_id = $1) AS runs`,
        [setting.draftId, rescoreId],
      );
      return rows[0]!;
    });
    // Part-way: some contacts on the new version, not all; the run still open for the next start.
    expect(atKill.status).toBe('running');
    expect(atKill.runs).toBe(1);
    expect(atKill.rescored).toBeGreaterThanOrEqual(page);
    expect(atKill.rescored).toBeLessThan(contacts);

    server = await startServer(env);
    const deadline = Date.now() + 120_000;
    let final = await progress(server);
    while (final.status === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      final = await progress(server);
    }
    const stopped = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await stopped;
    expect(server.errors()).toBe('');
    expect(final).toMatchObject({ status: 'completed', total: contacts, done: contacts });

    await read(async (db) => {
      const { rows: runs } = await db.query<{ status: string; done: number }>(
        'SELECT status, done FROM rescores WHERE model_id = $1',
        [setting.draftId],
      );
      expect(runs).toEqual([{ status: 'completed', done: contacts }]);
      const { rows: audits } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'scoring_model.activated' AND subject_id = $1`,
        [setting.draftId],
      );
      expect(audits[0]!.n).toBe(1);
      expect(await sideEffects(db)).toEqual(setting.sideEffects);

      const { rows: scores } = await db.query<{
        contact_id: string;
        model_id: string;
        fit: number;
        engagement: number;
        total: number;
        band: string;
        qualifies: string[];
        next_change_at: Date | null;
        state: unknown;
        scored_at: Date;
        history: number;
      }>(
        `SELECT s.contact_id, s.model_id, s.fit, s.engagement, s.total, s.band, s.qualifies,
                s.next_change_at, s.state, s.scored_at,
                (SELECT count(*)::int FROM score_history h
                 WHERE h.contact_id = s.contact_id AND h.model_id = s.model_id AND h.cause = 'rescore') AS history
         FROM contact_scores s ORDER BY s.contact_id`,
      );
      expect(scores).toHaveLength(contacts);
      const model = parseScoringModel(newVersion);
      const ids = scores.map((s) => s.contact_id);
      const [inputs, events] = await Promise.all([
        loadScoringInputs(db, ids, { lock: false }),
        loadScoringEvents(db, ids),
      ]);
      const profile = new Map(inputs.map((i) => [i.contactId, i.contact]));
      const wrong: string[] = [];
      for (const s of scores) {
        const state = buildScoreState(model, events.get(s.contact_id) ?? []);
        const f = scoreFigures(
          model,
          evaluateFit(model, profile.get(s.contact_id)!),
          state,
          s.scored_at,
        );
        const standingChanged =
          setting.before.get(s.contact_id) !== `${f.band}:${f.qualifies.join(',')}`;
        const expected = {
          model: setting.draftId,
          fit: f.fit,
          engagement: f.engagement,
          total: f.total,
          band: f.band,
          qualifies: f.qualifies,
          next: f.nextChangeAt?.toISOString() ?? null,
          state,
          history: standingChanged ? 1 : 0,
        };
        const actual = {
          model: s.model_id,
          fit: s.fit,
          engagement: s.engagement,
          total: s.total,
          band: s.band,
          qualifies: s.qualifies,
          next: s.next_change_at?.toISOString() ?? null,
          state: s.state,
          history: s.history,
        };
        if (canonical(actual) !== canonical(expected))
          wrong.push(`${s.contact_id}: stored ${canonical(actual)} fresh ${canonical(expected)}`);
      }
      expect({ wrong: wrong.length, sample: wrong.slice(0, 2) }).toEqual({ wrong: 0, sample: [] });
      // The new bands moved many contacts: the history check is not vacuous.
      expect(scores.filter((s) => s.history === 1).length).toBeGreaterThan(contacts / 10);
    });
  }, 280_000);
});

/** What a rescore must not write: stage moves (qualification routing) and notifications. */
async function sideEffects(db: Db): Promise<{ transitions: number; notifications: number }> {
  const { rows } = await db.query<{ transitions: number; notifications: number }>(
    `SELECT (SELECT count(*)::int FROM stage_transitions) AS transitions,
            (SELECT count(*)::int FROM notifications) AS notifications`,
  );
  return rows[0]!;
}

/** JSON with keys sorted: jsonb keeps its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
