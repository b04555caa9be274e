import { describe, expect, it } from 'vitest';
import { idSlices } from './rescore-contacts.js';

describe('idSlices', () => {
  it('covers the id space without gaps or overlaps', () => {
    expect(idSlices(1)).toEqual([{ afterId: null, lastId: null }]);
    expect(idSlices(2)).toEqual([
      { afterId: null, lastId: '7fffffff-ffff-ffff-ffff-ffffffffffff' },
      { afterId: '7fffffff-ffff-ffff-ffff-ffffffffffff', lastId: null },
    ]);
    const four = idSlices(4);
    for (let i = 1; i < four.length; i++) expect(four[i]!.afterId).toBe(four[i - 1]!.lastId);
    expect(four.map((s) => s.lastId)).toEqual([
      '3fffffff-ffff-ffff-ffff-ffffffffffff',
      '7fffffff-ffff-ffff-ffff-ffffffffffff',
      'bfffffff-ffff-ffff-ffff-ffffffffffff',
      null,
    ]);
  });
});
