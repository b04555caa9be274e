import { spawnSync } from 'node:child_process';

/**
 * `npm run test:reliability [-- --soak [MINUTES]] [vitest arguments]`.
 * Without --soak every bounded test runs for its short CI duration; with it
 * the load-driven tests (concurrency, load) run for MINUTES each (10 by default).
 * Other arguments go to vitest, e.g. a file name to run just that file.
 */
const args = process.argv.slice(2);
let soakSeconds = 0;
const passOn: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--soak') {
    passOn.push(args[i]!);
    continue;
  }
  const minutes = /^\d+(\.\d+)?$/.test(args[i + 1] ?? '') ? Number(args[++i]) : 10;
  if (!(minutes > 0)) {
    console.error('tandem test:reliability: --soak takes a number of minutes above 0');
    process.exit(2);
  }
  soakSeconds = Math.round(minutes * 60);
}

const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.reliability.config.ts', ...passOn],
  { stdio: 'inherit', env: { ...process.env, TANDEM_SOAK_SECONDS: String(soakSeconds) } },
);
process.exit(result.status ?? 1);
