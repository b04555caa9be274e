import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open-database.js';
import { progress } from './report.js';

/**
 * A database a benchmark runs against, opened the way `tandem serve` opens it
 * (openDatabase with a Config); the baseline COPYs through the same Db. Each target is new and empty and removed by close().
 */
export interface BenchTarget {
  name: 'pglite' | 'postgres';
  db: Db;
  config: Config;
  /** For the report: the data directory or host/database. */
  location: string;
  close(): Promise<void>;
}

export type TargetPlan =
  | { name: BenchTarget['name']; open(): Promise<BenchTarget> }
  | { name: BenchTarget['name']; skipped: string };

/** Settings from the environment (pool size…) still apply; where the data lives is the benchmark's choice. */
function benchConfig(env: NodeJS.ProcessEnv, overrides: Record<string, string>): Config {
  return loadConfig({ ...env, TANDEM_LOG_LEVEL: 'silent', ...overrides });
}

async function openPgliteTarget(env: NodeJS.ProcessEnv): Promise<BenchTarget> {
  // On disk, as users run it: the data directory's fsyncs are part of what is measured.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  const remove = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    const config = benchConfig(env, { DATABASE_URL: '', TANDEM_DATA_DIR: dataDir });
    const opened = await openDatabase(config, 'bench');
    return {
      name: 'pglite',
      db: opened.db,
      config,
      location: opened.location,
      async close() {
        try {
          await opened.db.close();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A database of its own on DATABASE_URL's server; the URL's own database is only connected to. */
async function openPostgresTarget(env: NodeJS.ProcessEnv, adminUrl: string): Promise<BenchTarget> {
  const database = `tandem_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${database}`);
  const drop = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  let opened: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    const config = benchConfig(env, { DATABASE_URL: url.toString() });
    opened = await openDatabase(config, 'bench');
    const { db, location } = opened;
    return {
      name: 'postgres',
      db,
      config,
      location,
      async close() {
        try {
          await db.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await opened?.db.close().catch(() => {});
    await drop();
    throw error;
  }
}

/** PGlite always; PostgreSQL when DATABASE_URL is set, otherwise reported as skipped. */
export function planTargets(env: NodeJS.ProcessEnv): TargetPlan[] {
  const adminUrl = env.DATABASE_URL?.trim();
  return [
    { name: 'pglite', open: () => openPgliteTarget(env) },
    adminUrl
      ? { name: 'postgres', open: () => openPostgresTarget(env, adminUrl) }
      : { name: 'postgres', skipped: 'DATABASE_URL is not set' },
  ];
}

export type TargetOutcome<R> =
  | R
  | { target: BenchTarget['name']; status: 'skipped' | 'error'; reason: string };

/**
 * Runs `run` on each planned target in turn, closing (and so removing) each
 * one's database after it, also on Ctrl-C; a target that is not configured is
 * reported skipped, one that fails is reported with its reason.
 */
export async function runPlannedTargets<R>(
  run: (target: BenchTarget) => Promise<R>,
): Promise<TargetOutcome<R>[]> {
  let current: BenchTarget | undefined;
  const onInterrupt = () => {
    progress('interrupted: removing the benchmark database');
    void (current?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const reports: TargetOutcome<R>[] = [];
  for (const plan of planTargets(process.env)) {
    if ('skipped' in plan) {
      progress(`${plan.name}: skipped (${plan.skipped})`);
      reports.push({ target: plan.name, status: 'skipped', reason: plan.skipped });
      continue;
    }
    try {
      current = await plan.open();
      try {
        reports.push(await run(current));
      } finally {
        await current.close();
        current = undefined;
      }
    } catch (error) {
      progress(`${plan.name}: FAILED ${(error as Error).stack ?? String(error)}`);
      reports.push({ target: plan.name, status: 'error', reason: (error as Error).message });
    }
  }
  process.off('SIGINT', onInterrupt);
  return reports;
}
