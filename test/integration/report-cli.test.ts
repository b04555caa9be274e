import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

interface ReportJson {
  groupBy: string;
  touch: string;
  period: { from: string; to: string };
  rows: { group: string; label: string; handed: number; revenue: number }[];
  totals: { handed: number; accepted: number; won: number; revenue: number };
}

describe('tandem report source-quality on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-report-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    const demo = await runCli(['demo', '--as-of', '2026-11-01'], env);
    expect(demo.code, demo.stderr).toBe(0);
  }, 180_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const report = (...args: string[]) =>
    runCli(['report', 'source-quality', '--to', '2026-11-01', ...args], env);

  it('prints the same figures as a table, as CSV and as JSON', async () => {
    // One at a time: the embedded database's directory is locked to one process.
    const tableRun = await report();
    const csvRun = await report('--format', 'csv');
    const jsonRun = await report('--format', 'json');
    for (const r of [tableRun, csvRun, jsonRun]) expect(r.code, r.stderr).toBe(0);

    const json = JSON.parse(jsonRun.stdout) as ReportJson;
    expect(json).toMatchObject({
      groupBy: 'source',
      touch: 'first',
      period: { from: '2025-11-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
    });
    expect(json.rows.reduce((s, r) => s + r.handed, 0)).toBe(json.totals.handed);
    expect(json.totals.handed).toBeGreaterThan(400);
    expect(json.totals.won).toBeGreaterThan(0);

    const lines = tableRun.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Source quality by first-touch source: leads handed to sales from 2025-11-01 up to 2026-11-01 (UTC, end excluded); definitions v1',
    );
    const total = lines.find((l) => l.trimStart().startsWith('(total)'))!;
    expect(total.trim().split(/\s+/).slice(1, 3)).toEqual([
      json.totals.handed.toLocaleString('en-US'),
      json.totals.accepted.toLocaleString('en-US'),
    ]);
    for (const row of json.rows) expect(tableRun.stdout).toContain(`  ${row.group} `);
    expect(tableRun.stdout).toMatch(/Why sales rejected leads \(all groups\)\n {2}\S/);
    expect(tableRun.stdout).toMatch(/Why deals were lost \(all groups\)\n {2}Lost: /);

    const csv = csvRun.stdout.trimEnd().split('\r\n');
    expect(csv[0]).toMatch(/^source,label,handed,accepted,acceptance_rate,sql,sql_rate,won,/);
    expect(csv).toHaveLength(json.rows.length + 2);
    const csvTotal = csv.at(-1)!.split(',');
    expect(csvTotal.slice(0, 4)).toEqual([
      '(total)',
      'Total',
      String(json.totals.handed),
      String(json.totals.accepted),
    ]);
    expect(Number(csvTotal[9])).toBe(json.totals.revenue);
  }, 120_000);

  it('groups by persona with names, and by last-touch campaign over a period', async () => {
    const persona = await report('--group-by', 'persona', '--format', 'json');
    const campaign = await report(
      ...['--group-by', 'campaign', '--touch', 'last', '--from', '2026-10-01', '--format', 'json'],
    );
    const p = JSON.parse(persona.stdout) as ReportJson;
    expect(p.rows.map((r) => r.label)).toEqual(
      expect.arrayContaining(['Revenue operations leader', 'Sales leader', '(none)']),
    );
    const c = JSON.parse(campaign.stdout) as ReportJson;
    expect(c).toMatchObject({ groupBy: 'campaign', touch: 'last' });
    expect(c.period.from).toBe('2026-10-01T00:00:00.000Z');
    expect(c.rows.map((r) => r.group)).toContain('(none)');
    expect(c.totals.handed).toBeLessThan(p.totals.handed);
  }, 120_000);

  it('refuses bad options with one line and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--group-by', 'country'],
        /argument 'country' is invalid\. Allowed choices are source, medium, campaign, persona/,
      ],
      [['--touch', 'middle'], /argument 'middle' is invalid/],
      [['--format', 'xml'], /argument 'xml' is invalid/],
      [
        ['--from', '2026-13-01'],
        /'--from <date>' argument '2026-13-01' is invalid\. must be a date/,
      ],
      [
        ['--from', '2026-12-01'],
        /^tandem: The period starts \(2026-12-01T00:00:00\.000Z\) at or after it ends/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await report(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      const [first, ...rest] = r.stderr.trim().split('\n');
      expect(first).toMatch(message);
      expect(rest.filter((l) => !l.startsWith('(run "tandem --help"'))).toEqual([]);
      expect(r.stdout).toBe('');
    }
  }, 120_000);
});
