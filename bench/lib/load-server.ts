import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open-database.js';

/**
 * The pieces of the load benchmark that live outside its own process: the
 * database (a temporary PGlite data directory, or a database of its own on a
 * PostgreSQL server), the real `tandem serve` in a child process, and the
 * baseline's bare node:http server in another.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadDatabase {
  name: 'pglite' | 'postgres';
  /** What `tandem serve` needs in its environment to find the data. */
  env: Record<string, string>;
  location: string;
  /** Opens it in this process; on PGlite only while no server holds the data directory. */
  open(): Promise<Db>;
  remove(): Promise<void>;
}

export type LoadDatabasePlan = { name: 'pglite' } | { name: 'postgres'; adminUrl: string };

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function opener(env: Record<string, string>) {
  return async () =>
    (await openDatabase(loadConfig({ TANDEM_LOG_LEVEL: 'silent', ...env }), 'bench')).db;
}

export async function createLoadDatabase(plan: LoadDatabasePlan): Promise<LoadDatabase> {
  if (plan.name === 'pglite') {
    // On disk, as users run it: the data directory's fsyncs are part of what is measured.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-load-'));
    const env = { DATABASE_URL: '', TANDEM_DATA_DIR: dir };
    return {
      name: 'pglite',
      env,
      location: dir,
      open: opener(env),
      remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = `tandem_load_${randomBytes(6).toString('hex')}`;
  await admin(plan.adminUrl, `CREATE DATABASE ${database}`);
  const url = new URL(plan.adminUrl);
  url.pathname = `/${database}`;
  const env = { DATABASE_URL: url.toString() };
  return {
    name: 'postgres',
    env,
    location: `${url.host}/${database}`,
    open: opener(env),
    remove: () => admin(plan.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

export interface RunningServer {
  url: string;
  /** What the server wrote on stderr (warnings and errors only: it logs at warn). */
  stderr(): string;
  /** SIGTERM, then the process's exit (its shutdown closes the database). */
  stop(): Promise<number | null>;
}

function waitForUrl(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${what} printed no address within 120 s: ${out}`)),
      120_000,
    );
    child.stdout!.on('data', (d) => {
      out += d;
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before listening: ${out}`));
    });
  });
}

async function started(child: ChildProcess, pattern: RegExp, what: string): Promise<RunningServer> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const url = await waitForUrl(child, pattern, what);
    return { url, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
}

/**
 * `tandem serve --port 0` from source (through tsx), as users run it: API,
 * web app and clock in one process. Logs at warn, so the figures do not
 * measure a log line per request; the tracking rate limit is off, so a long
 * run measures the server rather than its guard against one runaway key.
 */
export function startTandem(db: LoadDatabase): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'],
    {
      cwd: root,
      env: {
        ...process.env,
        TANDEM_LOG_LEVEL: 'warn',
        TANDEM_INGEST_RATE_LIMIT: '0',
        ...db.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return started(child, /Tandem is running at (http:\/\/\S+)/, 'tandem serve');
}

/** The ceiling of the HTTP path on this machine: node:http answering a small fixed JSON, nothing else. */
const baselineServer = `
const http = require('node:http');
const body = JSON.stringify({ success: true, stored: 1, duplicates: 0, rejected: [] });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('baseline at http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)) && server.closeAllConnections());
`;

export function startBaseline(): Promise<RunningServer> {
  const child = spawn(process.execPath, ['-e', baselineServer], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(child, /baseline at (http:\/\/\S+)/, 'baseline server');
}
