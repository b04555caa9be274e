import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../src/services/scoring/run-backtest.js';
import { runCli } from '../support/run-cli.js';

const model = 'test/fixtures/scoring/candidate-model.json';

describe('tandem scoring backtest on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-backtest-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad model file or option with one line, before opening the workspace', async () => {
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, '{ "halfLifeDays": ');
    const invalid = path.join(dir, 'invalid.json');
    const doc = JSON.parse(fs.readFileSync(model, 'utf8'));
    fs.writeFileSync(
      invalid,
      JSON.stringify({ ...doc, halfLifeDays: 0, bands: { warm: 50, hot: 10 } }),
    );
    const cases: [string[], RegExp][] = [
      [['--model', 'nope.json'], /^tandem: cannot read model file nope\.json: no such file$/],
      [['--model', notJson], /^tandem: model file .*not\.json is not valid JSON: /],
      [
        ['--model', invalid],
        /^tandem: model file .*invalid\.json is not valid: halfLifeDays must be .*; bands\/hot must be greater than warm \(50\)$/,
      ],
      [
        ['--model', model, '--from', '2026-13'],
        /^error: option '--from <YYYY-MM>' argument '2026-13' is invalid\. must be YYYY-MM/,
      ],
      [
        ['--model', model, '--against', 'latest'],
        /argument 'latest' is invalid\. must be active, none or a version number/,
      ],
      [['--model', model, '--quota-per-rep', '-1'], /must be a number from 0 to 10000/],
      [['--model', model, '--outcome', 'opportunity'], /argument 'opportunity' is invalid/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['scoring', 'backtest', ...args], env);
      expect(r.code, args.join(' ')).toBe(1);
      const [first, ...rest] = r.stderr.trim().split('\n');
      expect(first).toMatch(message);
      // Ours say it in one line; commander adds where to find the usage.
      expect(rest).toEqual(first!.startsWith('tandem:') ? [] : ['(run "tandem --help" for usage)']);
      expect(r.stdout).toBe('');
    }
    expect(fs.existsSync(env.TANDEM_DATA_DIR!)).toBe(false);
    // A month order the service refuses, after opening the workspace: still one line.
    const backwards = await runCli(
      ['scoring', 'backtest', '--model', model, '--from', '2026-05', '--to', '2026-04'],
      env,
    );
    expect(backwards.code).toBe(1);
    expect(backwards.stderr.trim()).toBe(
      'tandem: The period starts (2026-05) after it ends (2026-04)',
    );
  }, 120_000);

  it('replays the file beside the active model on the demo workspace, as tables and as JSON', async () => {
    const demo = await runCli(['demo'], env);
    expect(demo.code).toBe(0);

    const json = await runCli(
      ['scoring', 'backtest', '--model', model, '--json', '--quota-per-rep', '4'],
      env,
    );
    expect(json.stderr).toMatch(/100% replaying contacts/);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as BacktestResult;
    expect(r.contacts).toBe(2000);
    expect(r.quota).toEqual({ perRep: 4, reps: 8, perMonth: 32 });
    expect(r.models.map((m) => m.model)).toEqual([
      { source: 'document' },
      expect.objectContaining({ source: 'version', version: 1, status: 'active' }),
    ]);
    for (const m of r.models) {
      expect(m.months).toHaveLength(r.period.months.length);
      expect(m.months.reduce((s, x) => s + x.qualified, 0)).toBe(m.qualified);
      expect(m.qualified).toBeGreaterThan(50);
      expect(m.bands.reduce((s, b) => s + b.contacts, 0)).toBe(r.cohort);
      // The demo's funnel follows engagement, so both models rank far better than chance.
      expect(m.ranking.auc).toBeGreaterThan(0.6);
    }

    const text = await runCli(
      ['scoring', 'backtest', '--model', model, '--from', r.period.from, '--to', r.period.to],
      env,
    );
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Backtest of .*candidate-model\.json beside v1 "Default model" \(active\)/,
    );
    const lastMonth = lines.find((l) => l.trim().startsWith(r.period.months.at(-1)!))!;
    const last = r.models.map((m) => m.months.at(-1)!.qualified);
    expect(lastMonth.trim().split(/\s+/)).toEqual([
      r.period.months.at(-1),
      '40',
      String(last[0]),
      expect.any(String),
      String(last[1]),
      expect.any(String),
      String(r.handoffs.at(-1)!.count),
    ]);
    const auc = lines.find((l) => l.trim().startsWith('ROC AUC'))!;
    expect(auc.trim().split(/\s+/).slice(2)).toEqual(
      r.models.map((m) => m.ranking.auc!.toFixed(3)),
    );
  }, 120_000);
});
