import { describe, expect, it } from 'vitest';
import { maxAttempts, nextAttemptAfter, retryDelaysMs } from './backoff.js';

describe('retry schedule', () => {
  const t0 = new Date('2026-12-07T09:00:00Z');

  it('retries at 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h and then gives up', () => {
    const instants: string[] = [];
    let at: Date | null = t0;
    for (let attempt = 1; at; attempt++) {
      instants.push(at.toISOString());
      at = nextAttemptAfter(attempt, at);
    }
    expect(instants).toEqual([
      '2026-12-07T09:00:00.000Z',
      '2026-12-07T09:00:05.000Z',
      '2026-12-07T09:05:05.000Z',
      '2026-12-07T09:35:05.000Z',
      '2026-12-07T11:35:05.000Z',
      '2026-12-07T16:35:05.000Z',
      '2026-12-08T02:35:05.000Z',
      '2026-12-08T12:35:05.000Z',
    ]);
    expect(instants).toHaveLength(maxAttempts);
  });

  it('spans more than a day from the first attempt to the last', () => {
    const total = retryDelaysMs.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
  });
});
