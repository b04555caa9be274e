import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/app-error.js';

/**
 * Where a NUL character sits in a parsed request part ("q", "batch/0/event"), or
 * null. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findNul(value: unknown, root = ''): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], path ? `${path}/${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const at = path ? `${path}/${k}` : k;
        if (k.includes('\u0000')) return at;
        stack.push([item, at]);
      }
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold a NUL character: left to the database,
 * one in a search box or a field is a 500. Refused up front as a 400 naming the field.
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
        throw new AppError('validation_failed', `The ${part} holds a NUL character`, {
          fields: [{ field: field || part, message: 'must not contain a NUL (\\u0000) character' }],
        });
    }
  });
}
