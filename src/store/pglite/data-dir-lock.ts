import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/app-error.js';

/**
 * PGlite is one process's database: two processes opening the same data
 * directory would corrupt it. Every process that opens it holds this lock
 * file; a second one stops with a message saying what to do instead.
 */
export interface LockInfo {
  pid: number;
  command: string;
  url: string | null;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Records where the holder can be reached (the server's URL), for other processes' messages. */
  update(url: string): void;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tandem.lock');
  const info: LockInfo = {
    pid: process.pid,
    command,
    url: null,
    startedAt: new Date().toISOString(),
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      let held = true;
      return {
        file,
        update(url) {
          if (held) fs.writeFileSync(file, JSON.stringify({ ...info, url }));
        },
        release() {
          if (!held) return;
          held = false;
          if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        const where = holder.url ? ` at ${holder.url}` : '';
        throw new AppError(
          'database_busy',
          `The embedded database in ${dataDir} is in use by "tandem ${holder.command}" (pid ${holder.pid}${where}). ` +
            'Stop that process first, use the HTTP API of the running server, or set DATABASE_URL to a PostgreSQL server that several processes can share.',
        );
      }
      // The holder died without cleaning up: the lock is stale and safe to take over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('database_busy', `Could not lock the embedded database in ${dataDir}`);
}
