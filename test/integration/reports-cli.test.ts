import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { openPglite } from '../../src/store/pglite/driver.js';
import { runCli } from '../support/run-cli.js';

type Move = [from: string, to: string, at: string, code?: string, amount?: number];

/** Two contacts worked out by hand: A won 1,000 in May, B rejected for budget in March. */
const contacts: {
  email: string;
  createdAt: string;
  stage: string;
  source: string;
  moves: Move[];
}[] = [
  {
    email: 'a@acme.test',
    createdAt: '2026-03-10T12:00:00Z',
    stage: 'customer',
    source: 'google',
    moves: [
      ['lead', 'mql', '2026-03-12T12:00:00Z'],
      ['mql', 'sal', '2026-03-13T12:00:00Z'],
      ['sal', 'sql', '2026-04-01T12:00:00Z'],
      ['sql', 'opportunity', '2026-04-10T12:00:00Z'],
      ['opportunity', 'customer', '2026-05-02T12:00:00Z', undefined, 1000],
    ],
  },
  {
    email: 'b@acme.test',
    createdAt: '2026-03-20T12:00:00Z',
    stage: 'recycled',
    source: 'linkedin',
    moves: [
      ['lead', 'mql', '2026-03-21T12:00:00Z'],
      ['mql', 'recycled', '2026-03-22T12:00:00Z', 'no_budget'],
    ],
  },
];

describe('tandem report funnel|velocity|lead-quality|scoring|attribution|summary|plan and tandem plan set', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-reports-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    // The workspace the CLI opens, filled directly (the embedded database's directory).
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    const db = await openPglite(path.join(dir, 'data', 'pgdata'));
    await prepareWorkspace(db);
    for (const c of contacts) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO contacts (email, lifecycle_stage, first_touch_source, last_touch_source, created_at)
         VALUES ($1, $2, $3, $3, $4) RETURNING id`,
        [c.email, c.stage, c.source, c.createdAt],
      );
      for (const [from, to, at, code, amount] of c.moves)
        await db.query(
          `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, reason_code, amount, occurred_at)
           VALUES ($1, $2, $3, 'system', $4, $5, $6)`,
          [rows[0]!.id, from, to, code ?? null, amount ?? null, at],
        );
    }
    await db.close();
  }, 120_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    const r = await runCli(args, env);
    return r;
  };

  it('prints the funnel as JSON, CSV and a table with the same figures', async () => {
    const json = await cli(
      'report',
      'funnel',
      '--from',
      '2026-03',
      '--to',
      '2026-04',
      '--split',
      'source',
      '--format',
      'json',
    );
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r).toMatchObject({ from: '2026-03', to: '2026-04', split: 'source', pending: 0 });
    expect(
      r.rows.map((x: { key: string; counts: number[] }) => [x.key, x.counts.slice(0, 10)]),
    ).toEqual([
      ['__all__', [2, 2, 2, 0, 0, 2, 1, 1, 1, 1]],
      ['google', [1, 1, 1, 0, 0, 1, 1, 1, 1, 1]],
      ['linkedin', [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]],
    ]);

    const csv = await cli(
      'report',
      'funnel',
      '--from',
      '2026-03',
      '--to',
      '2026-04',
      '--format',
      'csv',
    );
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n')[1]).toBe('__all__,All,2,2,2,0,0,2,1,1,1,1,1,0');

    const table = await cli('report', 'funnel', '--from', '2026-03', '--to', '2026-04');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe(
      'Funnel of the contacts created 2026-03 to 2026-04 (UTC months); definitions v1',
    );
    expect(
      lines
        .find((l) => l.trimStart().startsWith('Sales accepted lead (SAL)'))
        ?.trim()
        .split(/\s+/)
        .slice(-2),
    ).toEqual(['1', '50.0%']);
    expect(table.stdout).toMatch(/\n {2}2026-03 +2 +2 +2 /);
  }, 240_000);

  it('prints lead quality, attribution, velocity, scoring and the summary', async () => {
    const quality = JSON.parse(
      (
        await cli(
          'report',
          'lead-quality',
          '--from',
          '2026-01',
          '--to',
          '2026-06',
          '--format',
          'json',
        )
      ).stdout,
    );
    expect(quality.total).toMatchObject({
      handed: 2,
      accepted: 1,
      rejected: 1,
      won: 1,
      revenue: 1000,
    });
    const attribution = await cli(
      'report',
      'attribution',
      '--from',
      '2026-05',
      '--to',
      '2026-05',
      '--touch',
      'last',
      '--format',
      'csv',
    );
    expect(attribution.stdout).toBe(
      'source,label,deals,revenue,share\r\n__total__,Total,1,1000,1\r\ngoogle,google,1,1000,1\r\n',
    );
    const velocity = await cli('report', 'velocity', '--from', '2026-03', '--to', '2026-03');
    expect(velocity.code, velocity.stderr).toBe(0);
    // A stayed 2 days in lead, B 1 day: mean 36 hours.
    expect(velocity.stdout).toMatch(/\n {2}Lead +2 +2[34]\.\d h +(4[789]\.\d h|2\.0 d) +36\.0 h\n/);
    const scoring = await cli('report', 'scoring', '--from', '2026-03', '--to', '2026-03');
    expect(scoring.stdout).toMatch(/\(no score\) +2 +1 +1 +1 +50\.0% +50\.0%/);
    const summary = await cli(
      'report',
      'summary',
      '--from',
      '2026-05',
      '--to',
      '2026-05',
      '--by',
      'owner',
    );
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/\n {2}All .* 1,000\n/);
  }, 240_000);

  it('sets a month’s target and prints the plan it makes', async () => {
    const set = await cli('plan', 'set', '2026-06', '5000', '--format', 'json');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      month: '2026-06',
      revenueTarget: 5000,
      // Basis 2025-06..2026-05: 2 leads, 2 handed, 1 SQL, 1 deal of 1,000.
      rates: { averageDeal: 1000, winRate: 1, sqlRate: 0.5, handRate: 1 },
      needed: { revenue: 5000, deals: 5, sqls: 5, mqls: 10, leads: 10 },
    });
    const show = await cli('report', 'plan', '--month', '2026-06');
    expect(show.stdout.split('\n')[0]).toBe('Plan for 2026-06: target 5,000; definitions v1');
    expect(show.stdout).toMatch(/\n {2}MQLs +10 +0\n/);
  }, 240_000);

  it('refuses a bad month, a negative amount and a backwards range in one line', async () => {
    for (const args of [
      ['plan', 'set', '2026-13', '10'],
      ['plan', 'set', '2026-06', 'lots'],
      ['report', 'funnel', '--from', '2026-1'],
      ['report', 'funnel', '--from', '2026-05', '--to', '2026-04'],
      ['report', 'funnel', '--split', 'country'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/month|amount|range|split|Allowed choices/);
    }
  }, 240_000);
});
