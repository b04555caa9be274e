import { AppError } from './app-error.js';

/**
 * Keyset pagination: a cursor is the sort key of the last row shown,
 * opaque to clients (base64url JSON), so pages stay stable while rows are added.
 */
export interface CursorKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at.toISOString(), key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as [unknown, unknown];
      const date = typeof at === 'string' ? new Date(at) : null;
      if (date && !Number.isNaN(date.getTime()) && typeof id === 'string' && uuidPattern.test(id)) {
        return { at: date, id };
      }
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('validation_failed', 'The cursor is not one this API issued', {
    fields: [{ field: 'cursor', message: 'must be a nextCursor value from a previous page' }],
  });
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds a page from rows fetched with limit + 1, so "is there more" costs no extra query. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
