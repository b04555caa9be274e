import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateScoringModel } from '../../src/core/scoring/validate-model.js';
import { syntheticLeads } from '../fixtures/scoring/synthetic-leads.js';
import { runCli } from '../support/run-cli.js';

const mapping = 'test/fixtures/scoring/leads-mapping.json';

describe('tandem scoring fit on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-fit-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    const leads = syntheticLeads();
    fs.writeFileSync(path.join(dir, 'leads.csv'), leads.contacts);
    fs.writeFileSync(path.join(dir, 'events.csv'), leads.events);
    const contacts = await runCli(
      ['import', 'contacts', path.join(dir, 'leads.csv'), '--mapping', mapping],
      env,
    );
    expect(contacts.stdout).toMatch(/600 rows: 600 created/);
    const events = await runCli(['import', 'events', path.join(dir, 'events.csv')], env);
    expect(events.code).toBe(0);
  }, 120_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad calls with one line and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['scoring', 'fit'],
        /^error: required option '--outcome <stage\|properties\.key>' not specified/,
      ],
      [
        ['scoring', 'fit', '--outcome', 'properties.converted', '--holdout', '1.5'],
        /^error: option '--holdout <share>' argument '1\.5' is invalid\. must be a share between 0 and 1/,
      ],
      [
        ['scoring', 'fit', '--outcome', 'won'],
        /^tandem: --outcome won: no such stage; use one of subscriber, lead, mql/,
      ],
      [
        ['scoring', 'fit', '--outcome', 'properties.nope'],
        /^tandem: --outcome properties\.nope: no contact has this property$/,
      ],
      [
        ['scoring', 'fit', '--outcome', 'customer'],
        /^tandem: too few positives to learn from: 0 of 600 contacts reached the outcome/,
      ],
      [
        ['scoring', 'fit', '--outcome', 'properties.converted', '--include', 'owner'],
        /^tandem: --include owner: always left out: sales assigns the owner$/,
      ],
      [
        ['scoring', 'fit', '--outcome', 'properties.converted', '--exclude', 'budget'],
        /^tandem: --exclude properties\.budget: no contact has this field$/,
      ],
      [
        [
          'scoring',
          'fit',
          '--outcome',
          'properties.converted',
          '--out',
          path.join(dir, 'no', 'model.json'),
        ],
        /^tandem: cannot write .*model\.json: ENOENT/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      // Progress lines may come first (the failure was found after reading), then one reason.
      const reasons = result.stderr.split('\n').filter((l) => /^(tandem|error):/.test(l));
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(message);
      expect(result.stdout).toBe('');
    }
  }, 120_000);

  it('fits, prints the summary, writes the rule model and saves a learned draft', async () => {
    const out = path.join(dir, 'model.json');
    const result = await runCli(
      ['scoring', 'fit', '--outcome', 'properties.converted', '--out', out, '--name', 'CLI fit'],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/100% reading contacts/);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^Learned "properties\.converted is true" from 600 contacts, \d+ positive \(\d+\.\d%\)$/,
    );
    expect(result.stdout).toMatch(
      /^Holdout AUC: 0\.\d{3} logistic regression, 0\.\d{3} rule model \(training: 0\.\d{3}, 0\.\d{3}\)$/m,
    );
    expect(result.stdout).toMatch(
      /^ {2}properties\.sales_rating: filled in by sales \(contact_fields\); --include to use it$/m,
    );
    expect(result.stdout).toMatch(/^ {2}properties\.lead_number: an identifier/m);
    expect(result.stdout).toMatch(
      /^Rule model: \d+ fit, 1 engagement, \d+ negative rules; MQL from -?\d+(\.\d)?/m,
    );
    expect(lines.at(-1)).toMatch(/^Saved as draft version \d+ "CLI fit" \([0-9a-f-]{36}\)$/);
    const auc = Number(result.stdout.match(/Holdout AUC: (0\.\d{3})/)![1]);
    expect(auc).toBeGreaterThan(0.75);
    expect(validateScoringModel(JSON.parse(fs.readFileSync(out, 'utf8'))).ok).toBe(true);

    const again = await runCli(
      [
        'scoring',
        'fit',
        '--outcome',
        'properties.converted',
        '--include',
        'sales_rating',
        '--no-save',
      ],
      env,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/properties\.sales_rating \(2 levels\)/);
    expect(again.stdout.trim().split('\n').at(-1)).toBe('Not saved (--no-save)');
  }, 120_000);
});
