import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('cursor', () => {
  it('round-trips any timestamp and uuid', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(8.64e15 / 2), noInvalidDate: true }),
        fc.uuid(),
        (at, id) => {
          expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
        },
      ),
    );
  });

  it('rejects anything it did not issue as a validation error on "cursor"', () => {
    fc.assert(
      fc.property(fc.string(), (junk) => {
        try {
          decodeCursor(junk);
        } catch (error) {
          expect((error as AppError).code).toBe('validation_failed');
          expect((error as AppError).fields[0]!.field).toBe('cursor');
        }
      }),
    );
    expect(() =>
      decodeCursor(Buffer.from('["2026-01-01T00:00:00Z","x"]').toString('base64url')),
    ).toThrow(AppError);
  });

  it('builds a page from limit + 1 rows', () => {
    const rows = [1, 2, 3].map((n) => ({
      at: new Date(n),
      id: `0000000${n}-0000-4000-8000-000000000000`,
    }));
    expect(toPage(rows, 2, (r) => r).nextCursor).toBe(encodeCursor(rows[1]!));
    expect(toPage(rows, 3, (r) => r).nextCursor).toBeNull();
  });
});
