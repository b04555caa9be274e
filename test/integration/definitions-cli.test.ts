import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Definitions, defaultDefinitions } from '../../src/core/definitions.js';
import { openPglite } from '../../src/store/pglite/driver.js';
import { runCli } from '../support/run-cli.js';

describe('tandem definitions show|versions|propose|sign on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  const definitions = (...args: string[]) => runCli(['definitions', ...args], env);

  /** The first line of stderr, having checked it is the only one besides commander's hint. */
  function oneLine(stderr: string): string {
    const [first, ...rest] = stderr.trim().split('\n');
    expect(rest.filter((l) => !l.startsWith('(run "tandem --help"'))).toEqual([]);
    return first!;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-definitions-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    fs.writeFileSync(
      path.join(dir, 'contacts.csv'),
      'email,title\nada@acme.test,Head of RevOps\ngrace@navy.test,Platform engineer\n',
    );
    expect((await runCli(['import', 'contacts', path.join(dir, 'contacts.csv')], env)).code).toBe(
      0,
    );
    for (const [email, role] of [
      ['rep@example.test', 'sales_rep'],
      ['mkt@example.test', 'marketing'],
    ] as const) {
      const created = await runCli(
        ['users', 'create', '--email', email, '--role', role, '--password', 'long enough'],
        env,
      );
      expect(created.code).toBe(0);
    }
  }, 120_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad calls with one line, a non-zero exit, and no new version', async () => {
    const bad = structuredClone(defaultDefinitions) as unknown as Record<string, unknown>;
    delete bad.qualification;
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "stages": ');
    const cases: [string[], RegExp][] = [
      [
        ['propose', path.join(dir, 'bad.json')],
        /^tandem: The definitions have 1 problem: qualification is required$/,
      ],
      [['propose', path.join(dir, 'broken.json')], /^tandem: .*broken\.json is not valid JSON/],
      [['sign', '9', '--as', 'rep@example.test'], /^tandem: no definitions version 9$/],
      [['sign', '1', '--as', 'rep@example.test'], /^tandem: Version 1 is already in force$/],
      [['sign', '1', '--as', 'nobody@example.test'], /^tandem: No member with the email/],
      [['sign', '1'], /required option '--as <email>'/],
      [['sign', '1', '--as', 'rep@example.test', '--side', 'finance'], /--side.*finance/],
    ];
    for (const [args, message] of cases) {
      const r = await definitions(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(oneLine(r.stderr)).toMatch(message);
    }
    const list = await definitions('versions');
    expect(list.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^v1 +active +Default definitions .*signed: unsigned\)$/),
    ]);
  }, 180_000);

  it('shows the document, takes a proposal, and puts it in force once both sides signed', async () => {
    const shown = await definitions('show');
    expect(shown.code).toBe(0);
    const document = JSON.parse(shown.stdout) as Definitions;
    expect(document).toEqual(defaultDefinitions);
    document.personas.unshift({
      key: 'engineer',
      name: 'Engineer',
      description: 'Builds on the platform and recommends what to buy.',
      goals: ['Fewer tools to run'],
      pains: ['Integrations that break'],
      criteria: { op: 'contains', field: 'title', value: 'engineer' },
    });
    fs.writeFileSync(path.join(dir, 'proposal.json'), JSON.stringify(document));

    const proposed = await definitions(
      'propose',
      path.join(dir, 'proposal.json'),
      '--summary',
      'Engineers are a persona',
      '--as',
      'mkt@example.test',
    );
    expect(proposed.stderr).toBe('');
    expect(proposed.stdout).toMatch(
      /^Proposed v2 +proposed +Engineers are a persona +\(proposed by mkt /,
    );

    const rep = await definitions('sign', '2', '--as', 'rep@example.test', '--note', 'EMEA agrees');
    expect(rep.code).toBe(0);
    expect(rep.stdout).toMatch(/^Signed v2 for sales as rep\n/);
    expect(rep.stdout).toMatch(/v2 is proposed, waiting for a marketing signature/);
    const twice = await definitions('sign', '2', '--as', 'rep@example.test');
    expect(oneLine(twice.stderr)).toMatch(/^tandem: You already signed version 2 \(for sales\)/);

    const mkt = await definitions('sign', '2', '--as', 'mkt@example.test');
    expect(mkt.code).toBe(0);
    expect(mkt.stdout).toMatch(/Signed v2 for marketing as mkt\nv2 is now in force\n/);
    expect(mkt.stdout).toMatch(/Matched 2 contacts to the new personas in/);

    const list = await definitions('versions');
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^v2 +active +Engineers are a persona .*signed: sales rep \S+, marketing mkt \S+\)$/,
    );
    expect(lines[1]).toMatch(/^v1 +superseded +Default definitions/);
    expect(JSON.parse((await definitions('show', '1')).stdout)).toEqual(defaultDefinitions);
    expect(JSON.parse((await definitions('show')).stdout).personas[0].key).toBe('engineer');

    const db = await openPglite(path.join(dir, 'data', 'pgdata'));
    try {
      const { rows } = await db.query<{ email: string; persona_key: string | null }>(
        'SELECT email, persona_key FROM contacts ORDER BY email',
      );
      expect(rows).toEqual([
        { email: 'ada@acme.test', persona_key: 'revops-leader' },
        { email: 'grace@navy.test', persona_key: 'engineer' },
      ]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
