import { describe, expect, it } from 'vitest';
import { inHoldout, unitHash } from './holdout.js';

describe('holdout split', () => {
  const ids = Array.from(
    { length: 20_000 },
    (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  );

  it('places each id in [0, 1), the same way every time', () => {
    for (const id of ids.slice(0, 1000)) {
      const h = unitHash(id);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(1);
      expect(unitHash(id)).toBe(h);
    }
  });

  it('holds out about the share asked for, even for ids differing in one character', () => {
    for (const share of [0.1, 0.25, 0.5]) {
      const held = ids.filter((id) => inHoldout(id, share)).length / ids.length;
      expect(Math.abs(held - share)).toBeLessThan(0.015);
    }
  });

  it('keeps a contact where it was when the share grows (the holdout only gains contacts)', () => {
    for (const id of ids.slice(0, 2000))
      if (inHoldout(id, 0.2)) expect(inHoldout(id, 0.3)).toBe(true);
  });
});
