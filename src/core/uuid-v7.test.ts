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
  it('strictly increases within this process, even many in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, ids[i]).toBe(true);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(uuidPattern);
    expect(new Set(ids.map((id) => id[14]))).toEqual(new Set(['7']));
  });
  it('sorts by creation time', () => {
    const ids = [1, 2, 3].map((n) => uuidV7(1_700_000_000_000 + n * 1000));
    expect([...ids].sort()).toEqual(ids);
  });
});
