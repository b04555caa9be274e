import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('tandem lead … on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  const lead = (...args: string[]) => runCli(['lead', ...args], env);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-lead-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    fs.writeFileSync(path.join(dir, 'contacts.csv'), 'email,title\nada@acme.test,VP Marketing\n');
    expect((await runCli(['import', 'contacts', path.join(dir, 'contacts.csv')], env)).code).toBe(
      0,
    );
    for (const [email, role] of [
      ['rep@example.test', 'sales_rep'],
      ['mkt@example.test', 'marketing'],
      ['boss@example.test', 'sales_manager'],
    ] as const)
      expect(
        (
          await runCli(
            ['users', 'create', '--email', email, '--role', role, '--password', 'long enough'],
            env,
          )
        ).code,
      ).toBe(0);
    // Marketing hands the lead over by hand, as the definitions allow (lead → mql).
    const moved = await runCli(
      ['lead', 'move', 'ada@acme.test', '--to', 'mql', '--as', 'mkt@example.test'],
      env,
    );
    expect(moved.stdout).toMatch(/ada@acme.test: lead → mql/);
  }, 120_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses with one line and a non-zero exit, changing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['accept', 'ada@acme.test', '--as', 'mkt@example.test'],
        /^tandem: A marketing member may not assign this lead$/,
      ],
      [
        ['accept', 'nobody@acme.test', '--as', 'rep@example.test'],
        /^tandem: No contact nobody@acme.test/,
      ],
      [
        ['accept', 'ada@acme.test', '--as', 'who@example.test'],
        /^tandem: No member with the email/,
      ],
      [
        ['won', 'ada@acme.test', '--as', 'rep@example.test', '--amount', '-3'],
        /must be a positive number/,
      ],
      // The lead is nobody's yet: a rep may only accept it, so closing it is not theirs to do…
      [
        ['won', 'ada@acme.test', '--as', 'rep@example.test', '--amount', '100'],
        /^tandem: A sales rep may not move this lead to that stage$/,
      ],
      // …while the manager may act on it, and the definitions refuse the jump.
      [
        ['won', 'ada@acme.test', '--as', 'boss@example.test', '--amount', '100'],
        /cannot move to "customer"; allowed: sal, recycled, disqualified/,
      ],
      [
        ['reject', 'ada@acme.test', '--as', 'rep@example.test', '--reason', 'lost_price'],
        /must be one of the reject reasons/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await lead(...args);
      expect(r.code, args.join(' ')).toBe(1);
      const [first, ...rest] = r.stderr.trim().split('\n');
      expect(first).toMatch(message);
      // Ours say it in one line; commander adds where to find the usage.
      expect(rest).toEqual(first!.startsWith('tandem:') ? [] : ['(run "tandem --help" for usage)']);
    }
    expect((await lead('show', 'ada@acme.test', '--as', 'rep@example.test')).stdout).toMatch(
      /stage mql {2}owner \(none\)/,
    );
  }, 120_000);

  it('takes a lead from MQL to customer and prints its history', async () => {
    const as = ['--as', 'rep@example.test'];
    const steps: [string[], RegExp][] = [
      [['accept', 'ada@acme.test', ...as], /ada@acme.test: mql → sal/],
      [
        ['attempt', 'ada@acme.test', ...as, '--channel', 'call', '--outcome', 'connected'],
        /Logged attempt/,
      ],
      [
        ['answer', 'ada@acme.test', ...as, '--set', 'budget=40k', '--set', 'authority=CMO'],
        /sal → sal/,
      ],
      [
        ['qualify', 'ada@acme.test', ...as, '--set', 'need=Routing', '--set', 'timeline=Q1'],
        /sal → sql/,
      ],
      [['opportunity', 'ada@acme.test', ...as, '--amount', '30000'], /sql → opportunity/],
      [['won', 'ada@acme.test', ...as, '--amount', '32000'], /opportunity → customer/],
    ];
    for (const [args, line] of steps) {
      const r = await lead(...args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.stdout).toMatch(line);
    }
    const shown = (await lead('show', 'ada@acme.test', ...as)).stdout;
    expect(shown).toMatch(/stage customer {2}owner rep\n/);
    expect(shown).toMatch(/budget: 40k/);
    expect(shown.match(/ → /g)).toHaveLength(6);
    expect(shown).toMatch(/opportunity → customer {2}by .*\(amount 32000\)/);
  }, 120_000);
});
