import { describe, expect, it } from 'vitest';
import { maxMessageDepth, validateMessage } from './segment-message.js';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('validateMessage nesting', () => {
  it('refuses a message nested 10,000 levels deep instead of overflowing the stack', () => {
    const result = validateMessage(
      {
        type: 'track',
        userId: 'u',
        event: 'E',
        properties: nested(10_000),
      },
      undefined,
    );
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'message' }] });
  });

  it('takes nesting up to the limit', () => {
    const ok = validateMessage(
      {
        type: 'track',
        userId: 'u',
        event: 'E',
        properties: nested(maxMessageDepth - 2),
      },
      undefined,
    );
    expect(ok.ok).toBe(true);
    const deeper = validateMessage(
      {
        type: 'track',
        userId: 'u',
        event: 'E',
        properties: nested(maxMessageDepth + 1),
      },
      undefined,
    );
    expect(deeper.ok).toBe(false);
  });
});
