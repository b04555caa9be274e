import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultContract } from '../../src/core/sla/contract.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { insertMember, insertTeam } from '../../src/store/members.js';
import { openPglite } from '../../src/store/pglite/driver.js';
import { runCli } from '../support/run-cli.js';
import { buildSlaMonth } from '../support/sla-month.js';

/** `tandem sla …` on the embedded database holding the hand-built November of sla-month.ts. */
describe('tandem sla on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-sla-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    fs.mkdirSync(path.join(dir, 'data'));
    const db = await openPglite(path.join(dir, 'data', 'pgdata'));
    try {
      await prepareWorkspace(db);
      const teamId = await insertTeam(db, { name: 'Inbound', side: 'sales' });
      const member = (
        email: string,
        name: string,
        role: 'sales_rep' | 'sales_manager' | 'marketing',
      ) =>
        insertMember(db, {
          email,
          name,
          role,
          teamId: role === 'marketing' ? null : teamId,
          timeZone: 'Europe/Berlin',
          passwordHash: null,
        });
      await buildSlaMonth(db, {
        rep: await member('rep@example.test', 'Rep', 'sales_rep'),
        otherRep: await member('other@example.test', 'OtherRep', 'sales_rep'),
        manager: await member('manager@example.test', 'Manager', 'sales_manager'),
        marketer: await member('marketer@example.test', 'Marketer', 'marketing'),
      });
    } finally {
      await db.close();
    }
  }, 120_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the month as a table and as the API’s JSON', async () => {
    // One at a time: the embedded database's directory is locked to one process.
    const json = await runCli(['sla', 'report', '--month', '2026-11', '--json'], env);
    const text = await runCli(['sla', 'report', '--month', '2026-11'], env);
    for (const r of [json, text]) expect(r.code, r.stderr).toBe(0);
    const card = JSON.parse(json.stdout);
    expect(card).toMatchObject({
      month: '2026-11',
      marketing: { delivered: 8, quota: 10, accepted: 4, rejected: 2, unassigned: 1 },
      awards: { rep: { name: 'Rep', successes: 12, trials: 12 }, marketer: { name: 'Marketer' } },
    });
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'SLA scorecard for 2026-11 (UTC; leads handed in the month, as they stand now); contract v1',
    );
    expect(text.stdout).toContain(
      '  leads handed: 8/10 (quota not met); unassigned 1, credited to no marketer 1',
    );
    expect(text.stdout).toContain('  accepted 4, rejected 2: 66.7% (share not met)');
    // Rep: 4 of a quota of 5, 2 accepted / 2 rejected, median 1.5 h, p90 7 h, every settled clock met.
    const rep = lines.find((l) => l.trimStart().startsWith('Rep '))!;
    expect(rep.trim().split(/\s{2,}/)).toEqual([
      'Rep',
      '4/5',
      '2/2',
      '50.0%',
      '1.5 h',
      '7.0 h',
      '100.0%',
      '100.0%',
      '100.0%',
      '100.0%',
      '100.0%',
      '3/4',
    ]);
    expect(text.stdout).toMatch(/Manager \(no quota\)/);
    expect(text.stdout).toMatch(/team Inbound\s+7\/10/);
    expect(text.stdout).toMatch(/ {4}1\. Rep {2}12\/12 {2}0\.929/);
    expect(lines.at(-1)).toBe('Awards: rep Rep; marketer Marketer');
  }, 180_000);

  it('refuses a month that is not one, in one line, before opening anything', async () => {
    const r = await runCli(['sla', 'report', '--month', '2026-13'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/must be a month, YYYY-MM/);
  }, 60_000);

  it('shows, proposes and co-signs a contract version', async () => {
    const shown = await runCli(['sla', 'show'], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(defaultContract());
    const terms = defaultContract();
    terms.marketing.mqls_per_rep = { perMonth: 8 };
    const file = path.join(dir, 'contract.json');
    fs.writeFileSync(file, JSON.stringify(terms));

    const byRep = await runCli(['sla', 'propose', file, '--as', 'rep@example.test'], env);
    expect(byRep.code).not.toBe(0);
    expect(byRep.stderr).toMatch(/may not propose an SLA contract/);
    const proposed = await runCli(['sla', 'propose', file, '--as', 'marketer@example.test'], env);
    expect(proposed.code, proposed.stderr).toBe(0);
    expect(proposed.stdout).toMatch(/^Proposed v2 {2}proposed/);
    const first = await runCli(['sla', 'sign', '2', '--as', 'marketer@example.test'], env);
    expect(first.stdout).toContain("v2 is proposed, waiting for the other side's signature");
    const second = await runCli(['sla', 'sign', '2', '--as', 'manager@example.test'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('v2 is now in force');
    const list = await runCli(['sla', 'contracts'], env);
    expect(
      list.stdout
        .split('\n')
        .slice(0, 2)
        .map((l) => l.split(/\s{2,}/).slice(0, 2)),
    ).toEqual([
      ['v2', 'active'],
      ['v1', 'superseded'],
    ]);
    expect(list.stdout).toContain('signed: marketing Marketer, sales Manager');
  }, 300_000);
});
