import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/app-error.js';

/**
 * A NUL, or half of a surrogate pair (JSON may carry one as "\ud800"):
 * PostgreSQL stores neither in text or jsonb.
 */
const loneSurrogate = /\p{Cs}/u;
const unstorable = (s: string) => s.includes('\u0000') || loneSurrogate.test(s);

/**
 * Where a NUL character or a lone surrogate sits in a parsed request part ("q",
 * "batch/0/event"), or null. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findNul(value: unknown, root = ''): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (unstorable(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], path ? `${path}/${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const at = path ? `${path}/${k}` : k;
        if (unstorable(k)) return at;
        stack.push([item, at]);
      }
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold a NUL character or a lone surrogate: left
 * to the database, one in a search box or a field is a 500. Refused up front as a
 * 400 naming the field.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['query', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const field = findNul(value);
      if (field !== null)
        throw new AppError(
          'validation_failed',
          `The ${part} holds a NUL character or half of a surrogate pair`,
          {
            fields: [
              {
                field: field || part,
                message:
                  'must not contain a NUL (\\u0000) character or a lone surrogate (\\ud800–\\udfff)',
              },
            ],
          },
        );
    }
  });
}
