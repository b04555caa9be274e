import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the security and abuse tests and the
 * crash/concurrency/durability/load tests. The latter start several server
 * processes each, so files run one at a time: on a small machine two such
 * files at once would measure each other rather than Tandem.
 */
export default defineConfig({
  test: {
    include: ['test/security/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
