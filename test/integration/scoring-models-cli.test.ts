import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import { runCli } from '../support/run-cli.js';

describe('tandem scoring models|show|draft|activate|retire on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-models-'));
    env = { TANDEM_DATA_DIR: path.join(dir, 'data') };
    fs.writeFileSync(
      path.join(dir, 'contacts.csv'),
      'email,title\nada@acme.test,VP Marketing\ngrace@navy.test,Engineer\n',
    );
    const imported = await runCli(['import', 'contacts', path.join(dir, 'contacts.csv')], env);
    expect(imported.code).toBe(0);
  }, 60_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad calls with one line, a non-zero exit, and no new version', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ halfLifeDays: 0 }));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "halfLifeDays": ');
    const cases: [string[], RegExp][] = [
      [
        ['scoring', 'draft', path.join(dir, 'bad.json'), '--name', 'x'],
        /^tandem: The scoring model has \d+ problems: fit is required/,
      ],
      [
        ['scoring', 'draft', path.join(dir, 'broken.json'), '--name', 'x'],
        /^tandem: .*is not valid JSON/,
      ],
      [['scoring', 'draft', path.join(dir, 'missing.json'), '--name', 'x'], /^tandem: cannot read/],
      [['scoring', 'activate', '99'], /^tandem: no scoring model version 99/],
      [['scoring', 'activate', 'two'], /must be a version number/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).not.toBe(0);
      // One line with the reason (commander adds its usage hint on a second one).
      const [first, ...rest] = r.stderr.trim().split('\n');
      expect(first).toMatch(message);
      expect(rest.filter((l) => !l.startsWith('(run "tandem --help"'))).toEqual([]);
    }
    const list = await runCli(['scoring', 'models'], env);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('drafts a document, activates it with a rescore of every contact, and retires nothing active', async () => {
    const shown = await runCli(['scoring', 'show', '1'], env);
    expect(JSON.parse(shown.stdout)).toEqual(defaultScoringModel);
    fs.writeFileSync(path.join(dir, 'model.json'), shown.stdout);
    const draft = await runCli(
      ['scoring', 'draft', path.join(dir, 'model.json'), '--name', 'Copy of the default'],
      env,
    );
    expect(draft.stdout).toMatch(/^Saved draft v2 +draft +Copy of the default/);
    const activated = await runCli(['scoring', 'activate', '2'], env);
    expect(activated.code).toBe(0);
    expect(activated.stdout).toMatch(/Activated v2 +active/);
    expect(activated.stdout).toMatch(/Rescored 2 contacts in/);
    const retireActive = await runCli(['scoring', 'retire', '2'], env);
    expect(retireActive.code).not.toBe(0);
    expect(retireActive.stderr).toMatch(/version 2 is active; activate another version/);
    const list = await runCli(['scoring', 'models'], env);
    expect(list.stdout).toMatch(/^v2 +active .*\nv1 +retired /);
  }, 120_000);
});
