import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations } from '../../src/store/migrate.js';
import { runCli, startCli, waitForLine } from '../support/run-cli.js';

describe('tandem CLI on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-cli-'));
    env = { TANDEM_DATA_DIR: dataDir };
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates once, then finds nothing to do', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const n = listMigrations().length;
    expect(first.stdout).toContain(
      `${n} migration(s) applied, ${n} in all; default stage definitions seeded`,
    );
    const second = await runCli(['migrate'], env);
    expect(second.stdout).toMatch(/0 migration\(s\) applied/);
  });

  it('creates a member and an API key, printing the key once', async () => {
    const user = await runCli(
      [
        'users',
        'create',
        '--email',
        'rita@example.test',
        '--role',
        'sales_rep',
        '--password',
        'long enough',
      ],
      env,
    );
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/^Created sales_rep rita@example.test \(/);
    const generated = await runCli(
      ['users', 'create', '--email', 'mo@example.test', '--role', 'marketing'],
      env,
    );
    expect(generated.stdout).toMatch(/Password: \S{12,}/);

    const key = await runCli(['keys', 'create', '--scope', 'read,write', '--name', 'crm'], env);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/with scopes read, write/);
    expect(key.stdout.trim().split('\n').at(-1)).toMatch(/^tdm_[\w-]{32}$/);
  });

  it.each([
    [
      [
        'users',
        'create',
        '--email',
        'rita@example.test',
        '--role',
        'sales_rep',
        '--password',
        'long enough',
      ],
      'tandem: A member with email rita@example.test already exists',
    ],
    [
      [
        'users',
        'create',
        '--email',
        'x@example.test',
        '--role',
        'sales_rep',
        '--password',
        'short',
      ],
      'tandem: The password must be at least 8 characters',
    ],
    [
      [
        'users',
        'create',
        '--email',
        'x@example.test',
        '--role',
        'sales_rep',
        '--team',
        'Nowhere',
        '--password',
        'long enough',
      ],
      'tandem: No team named "Nowhere"',
    ],
    [
      ['users', 'create', '--email', 'not-an-email', '--role', 'sales_rep'],
      'tandem: "not-an-email" is not an email address',
    ],
    [
      ['keys', 'create', '--scope', 'root'],
      "error: option '--scope <scopes>' argument 'root' is invalid. unknown scope root",
    ],
    [
      ['users', 'create', '--email', 'x@example.test', '--role', 'wizard'],
      "error: option '--role <role>' argument 'wizard' is invalid",
    ],
  ])('fails with one line and a non-zero exit: %j', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).not.toBe(0);
    expect(result.stderr.split('\n')[0]).toContain(message);
  });

  it('stops at boot on a bad setting with a clear message', async () => {
    const result = await runCli(['migrate'], { ...env, TANDEM_PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'tandem: Invalid configuration: TANDEM_PORT must be a number',
    );
  });

  it('refuses to open the embedded database while the server holds it, and says what to do', async () => {
    const server = startCli(['serve', '--port', '0'], env);
    try {
      const [, url] = await waitForLine(server, /Tandem is running at (http:\/\/\S+)/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);

      const blocked = await runCli(
        [
          'users',
          'create',
          '--email',
          'late@example.test',
          '--role',
          'admin',
          '--password',
          'long enough',
        ],
        env,
      );
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`is in use by "tandem serve" (pid ${server.pid} at ${url})`);
      expect(blocked.stderr).toContain('Stop that process first');
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    expect(fs.existsSync(path.join(dataDir, 'tandem.lock'))).toBe(false);
    const after = await runCli(
      [
        'users',
        'create',
        '--email',
        'late@example.test',
        '--role',
        'admin',
        '--password',
        'long enough',
      ],
      env,
    );
    expect(after.code).toBe(0);
  });

  it('takes over a lock left by a process that died', async () => {
    fs.writeFileSync(
      path.join(dataDir, 'tandem.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, command: 'serve', url: null, startedAt: '' }),
    );
    const result = await runCli(['migrate'], env);
    expect(result.code).toBe(0);
  });
});
