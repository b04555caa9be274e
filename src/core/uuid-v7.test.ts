import { describe, expect, it } from 'vitest';
import { uuidPattern } from './cursor.js';
import { uuidV7 } from './uuid-v7.js';

describe('uuidV7', () => {
  it('is a valid version-7 UUID carrying the time', () => {
    const id = uuidV7(Date.UTC(2026, 10, 22, 12, 0, 0));
    expect(id).toMatch(uuidPattern);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(
      Date.UTC(2026, 10, 22, 12, 0, 0),
    );
  });
  it('sorts by creation time', () => {
    const ids = [1, 2, 3].map((n) => uuidV7(1_700_000_000_000 + n * 1000));
    expect([...ids].sort()).toEqual(ids);
  });
});
