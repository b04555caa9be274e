import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('defaults to PGlite in ./.tandem on port 3000, bound to localhost', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: undefined,
      dataDir: path.resolve('.tandem'),
      port: 3000,
      host: '127.0.0.1',
      cookieSecure: false,
    });
  });

  it('reads DATABASE_URL, TANDEM_DATA_DIR and the port', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h:5432/db',
      TANDEM_DATA_DIR: '/var/lib/tandem',
      TANDEM_PORT: '8080',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u@h:5432/db',
      dataDir: '/var/lib/tandem',
      port: 8080,
    });
    expect(loadConfig({ PORT: '9000' }).port).toBe(9000);
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('uses secure cookies when the public URL is https', () => {
    expect(loadConfig({ TANDEM_PUBLIC_URL: 'https://tandem.example.com' }).cookieSecure).toBe(true);
  });

  it('has an email channel only with an SMTP URL and a From address', () => {
    expect(loadConfig({}).smtp).toBeNull();
    expect(
      loadConfig({
        TANDEM_SMTP_URL: 'smtps://u:p@mail.example.com',
        TANDEM_SMTP_FROM: 'Tandem <t@example.com>',
      }).smtp,
    ).toEqual({ url: 'smtps://u:p@mail.example.com', from: 'Tandem <t@example.com>' });
  });

  it('limits sign-in failures and ingest per write key, both configurable', () => {
    expect(loadConfig({})).toMatchObject({
      signInLimit: { maxFailures: 10, windowMs: 15 * 60_000 },
      ingestLimit: { maxRequests: 60_000, windowMs: 60_000 },
    });
    expect(
      loadConfig({
        TANDEM_SIGN_IN_MAX_FAILURES: '3',
        TANDEM_SIGN_IN_WINDOW_MINUTES: '1',
        TANDEM_INGEST_RATE_LIMIT: '0',
        TANDEM_INGEST_RATE_WINDOW_SECONDS: '10',
      }),
    ).toMatchObject({
      signInLimit: { maxFailures: 3, windowMs: 60_000 },
      ingestLimit: { maxRequests: 0, windowMs: 10_000 },
    });
  });

  it('trusts no proxy by default, and proxy hops or addresses when told', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TANDEM_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TANDEM_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TANDEM_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
  });

  it.each([
    [{ TANDEM_TRUST_PROXY: 'true' }, 'TANDEM_TRUST_PROXY must be false, a number of proxy hops'],
    [{ TANDEM_TRUST_PROXY: '10.0.0.0/33' }, 'TANDEM_TRUST_PROXY'],
    [{ TANDEM_TRUST_PROXY: 'proxy.local' }, 'TANDEM_TRUST_PROXY'],
    [{ TANDEM_SIGN_IN_MAX_FAILURES: '0' }, 'TANDEM_SIGN_IN_MAX_FAILURES must be at least 1'],
    [{ TANDEM_INGEST_RATE_LIMIT: '-1' }, 'TANDEM_INGEST_RATE_LIMIT must be 0 (off)'],
    [{ TANDEM_PORT: 'eighty' }, 'TANDEM_PORT must be a number'],
    [{ TANDEM_PORT: '70000' }, 'TANDEM_PORT must be 0..65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ TANDEM_LOG_LEVEL: 'loud' }, 'TANDEM_LOG_LEVEL'],
    [{ TANDEM_SMTP_URL: 'http://mail' }, 'TANDEM_SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ TANDEM_SMTP_URL: 'smtp://mail:25' }, 'TANDEM_SMTP_URL and TANDEM_SMTP_FROM go together'],
  ])('fails with a clear message for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
