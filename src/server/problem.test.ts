import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { WriteConflict } from '../store/db.js';
import { errorHandler } from './problem.js';

describe('errorHandler', () => {
  it('answers a write conflict or deadlock that outlasted the retries with 503 and Retry-After, not 500', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.get('/conflict', async () => {
      throw new WriteConflict('contact x was merged meanwhile');
    });
    app.get('/deadlock', async () => {
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    app.get('/other', async () => {
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    });
    for (const url of ['/conflict', '/deadlock']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ status: 503, code: 'database_busy', instance: url });
    }
    // Anything else unexpected stays an internal error: nothing to retry.
    expect((await app.inject({ method: 'GET', url: '/other' })).statusCode).toBe(500);
    await app.close();
  });
});
