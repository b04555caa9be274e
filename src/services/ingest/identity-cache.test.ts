import { describe, expect, it } from 'vitest';
import { IdentityCache } from './identity-cache.js';

const contact = (id: string) => ({ id, createdAt: new Date('2026-11-01T00:00:00Z') });

describe('IdentityCache', () => {
  it('remembers what a committed transaction read', () => {
    const cache = new IdentityCache();
    const generation = cache.generation;
    cache.remember(new Map([['user_id:u1', contact('c1')]]), generation);
    expect(cache.get('user_id:u1')).toEqual(contact('c1'));
  });

  it('ignores reads from before a merge cleared it, even when they arrive after', () => {
    const cache = new IdentityCache();
    const before = cache.generation;
    cache.remember(new Map([['user_id:u1', contact('c1')]]), before);
    cache.clear();
    cache.remember(new Map([['user_id:u2', contact('c2')]]), before);
    expect(cache.get('user_id:u1')).toBeUndefined();
    expect(cache.get('user_id:u2')).toBeUndefined();
    cache.remember(new Map([['user_id:u2', contact('c2')]]), cache.generation);
    expect(cache.get('user_id:u2')).toEqual(contact('c2'));
  });

  it('keeps at most its capacity, dropping the longest unread first', () => {
    const cache = new IdentityCache(3);
    for (const n of [1, 2, 3]) cache.remember(new Map([[`k${n}`, contact(`c${n}`)]]), 0);
    cache.remember(new Map([['k1', contact('c1')]]), 0);
    cache.remember(new Map([['k4', contact('c4')]]), 0);
    expect(cache.size).toBe(3);
    expect(cache.get('k2')).toBeUndefined();
    expect(cache.get('k1')).toBeDefined();
    expect(cache.get('k4')).toBeDefined();
  });
});
