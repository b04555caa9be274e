import { describe, expect, it } from 'vitest';
import { findNul } from './nul-guard.js';

describe('findNul', () => {
  it('names where a NUL sits in strings, arrays, nested objects and keys', () => {
    expect(findNul('a\u0000b')).toBe('');
    expect(findNul({ q: 'x\u0000' })).toBe('q');
    expect(findNul({ batch: [{ event: 'ok' }, { event: 'bad\u0000' }] })).toBe('batch/1/event');
    expect(findNul({ traits: { 'k\u0000': 1 } })).toBe('traits/k\u0000');
  });

  it('names where a lone surrogate sits, which jsonb cannot store either', () => {
    expect(findNul({ name: 'a\ud800' })).toBe('name');
    expect(findNul({ traits: { 'x\udfffy': 1 } })).toBe('traits/x\udfffy');
    expect(findNul({ ok: '\ud83d\ude00' })).toBeNull();
  });

  it('passes clean values, numbers, nulls and unicode', () => {
    expect(findNul({ q: '𝔘𝔫𝔦 ✓', n: 1, z: null, a: [true, 'x'] })).toBeNull();
    expect(findNul(undefined)).toBeNull();
  });

  it('walks a very deep body without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep)).toMatch(/^0(\/0)+$/);
  });
});
