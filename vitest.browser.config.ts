import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // A page shows what the server did after a request and a render; on a loaded
    // 2-core machine that can take longer than expect.poll's default second.
    expect: { poll: { timeout: 10_000 } },
  },
});
