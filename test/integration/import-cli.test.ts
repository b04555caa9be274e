import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const sample = 'test/fixtures/import/x-education-sample.csv';
const mapping = 'examples/mappings/x-education.json';

describe('tandem import on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-import-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad calls with one line, before touching the workspace', async () => {
    const badMapping = path.join(dir, 'bad.json');
    fs.writeFileSync(badMapping, JSON.stringify({ columns: { 'Prospect ID': 'userId' } }));
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, '{ columns: ');
    const unclosed = path.join(dir, 'unclosed.csv');
    fs.writeFileSync(unclosed, 'email,name\na@x.test,"Ann\n');
    const cases: [string[], RegExp][] = [
      [['import', 'contacts', 'nope.csv'], /^tandem: cannot read file nope\.csv: no such file$/],
      [
        ['import', 'contacts', sample, '--mapping', badMapping],
        /^tandem: mapping file .*bad\.json is not valid: columns\/Prospect ID "userId" is not a contacts field/,
      ],
      [
        ['import', 'contacts', sample, '--mapping', notJson],
        /^tandem: mapping file .*not\.json is not valid JSON/,
      ],
      [
        ['import', 'contacts', sample, '--preset', 'pipedrive'],
        /^error: option '--preset <name>' argument 'pipedrive' is invalid/,
      ],
      [['import', 'deals', sample], /^error: command-argument value 'deals' is invalid/],
      [
        [
          'import',
          'contacts',
          sample,
          '--mapping',
          mapping,
          '--errors',
          path.join(dir, 'no', 'r.csv'),
        ],
        /^tandem: cannot write the error report .*r\.csv: ENOENT/,
      ],
      [
        ['import', 'contacts', unclosed],
        /^tandem: The CSV file could not be read: row 2: a quoted field is never closed$/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect(result.stderr.trim().split('\n')[0]).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(fs.existsSync(env.TANDEM_DATA_DIR!)).toBe(false);
  }, 120_000);

  it('dry-runs, imports with a progress bar and an error report, and adds nothing the second time', async () => {
    const dry = await runCli(
      ['import', 'contacts', sample, '--mapping', mapping, '--dry-run'],
      env,
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^Dry run of contacts from x-education-sample\.csv, nothing written — 40 rows: 37 created, 0 updated, 1 unchanged, 2 failed in \d+\.\d s$/m,
    );

    const report = path.join(dir, 'errors.csv');
    const first = await runCli(
      ['import', 'contacts', sample, '--mapping', mapping, '--errors', report],
      env,
    );
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^Imported contacts from x-education-sample\.csv — 40 rows: 37 created, 0 updated, 1 unchanged, 2 failed in \d+\.\d s \(import [0-9a-f-]{36}\)$/,
    );
    expect(lines.slice(1)).toEqual([
      '2 error(s):',
      '  row 14, Prospect ID "": needs a value in Prospect ID (an email or an externalId) to be matched or created',
      '  row 28, TotalVisits "seven": is not a number',
      `Wrote 2 error(s) to ${report}`,
    ]);
    expect(first.stderr).toContain('100% importing contacts');
    expect(fs.readFileSync(report, 'utf8')).toBe(
      'row,column,value,reason\r\n' +
        '14,Prospect ID,,needs a value in Prospect ID (an email or an externalId) to be matched or created\r\n' +
        '28,TotalVisits,seven,is not a number\r\n',
    );

    const second = await runCli(['import', 'contacts', sample, '--mapping', mapping], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/40 rows: 0 created, 0 updated, 38 unchanged, 2 failed/);

    const hubspot = await runCli(
      ['import', 'contacts', 'test/fixtures/import/hubspot-contacts.csv', '--preset', 'hubspot'],
      env,
    );
    expect(hubspot.code).toBe(0);
    // No members exist in this workspace, so the rows naming an owner are reported.
    expect(hubspot.stdout).toMatch(
      /\(preset hubspot\) — 10 rows: 3 created, 0 updated, 0 unchanged, 7 failed/,
    );
    expect(hubspot.stdout).toMatch(
      /row 2, Contact owner "manager@example.test": no member has this email/,
    );
  }, 120_000);
});
