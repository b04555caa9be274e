import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../core/app-error.js';

/**
 * Counts hits per key in fixed windows. In memory and per process: two server
 * processes behind one address each allow the full budget, which still bounds a
 * password-guessing run to a handful of tries per minute.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Beyond this many keys the expired ones are swept, so a flood of addresses cannot grow memory for long. */
    private readonly sweepAbove = 10_000,
  ) {}

  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  blockedFor(key: string): number {
    const w = this.current(key);
    return w && w.count >= this.limit
      ? Math.max(1, Math.ceil((w.resetsAt - this.now()) / 1000))
      : 0;
  }

  /** Counts one hit; returns the seconds to wait when this hit is over the limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    let w = this.current(key);
    if (!w) {
      if (this.windows.size >= this.sweepAbove) this.sweep(now);
      w = { count: 0, resetsAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > this.limit ? Math.max(1, Math.ceil((w.resetsAt - now) / 1000)) : 0;
  }

  /** Takes back one hit (a sign-in that turned out to succeed). */
  refund(key: string): void {
    const w = this.current(key);
    if (w && w.count > 0) w.count -= 1;
  }

  forget(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private current(key: string): { count: number; resetsAt: number } | undefined {
    const w = this.windows.get(key);
    if (w && w.resetsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetsAt <= now) this.windows.delete(key);
  }
}

function tooMany(reply: FastifyReply, seconds: number, detail: string): never {
  reply.header('retry-after', String(seconds));
  throw new AppError('rate_limited', detail, { extensions: { retryAfter: seconds } });
}

/** One address may guess at many emails; allow it ten times one email's budget before stopping it too. */
const addressFactor = 10;

/**
 * Failed sign-ins per email and address, and tracking requests per write key.
 * A sign-in attempt is counted before the password is checked (so parallel
 * guesses cannot all slip under the limit) and refunded when it succeeds.
 */
export function registerRateLimits(
  app: FastifyInstance,
  config: Pick<Config, 'signInLimit' | 'ingestLimit'>,
  now: () => number = Date.now,
): void {
  const { maxFailures, windowMs } = config.signInLimit;
  const byEmail = new WindowCounter(maxFailures, windowMs, now);
  const byAddress = new WindowCounter(maxFailures * addressFactor, windowMs, now);
  const ingest = new WindowCounter(
    config.ingestLimit.maxRequests,
    config.ingestLimit.windowMs,
    now,
  );
  const signInKeys = new WeakMap<FastifyRequest, { email: string; address: string }>();

  app.addHook('preHandler', async (request, reply) => {
    const route = request.routeOptions;
    if (request.method === 'POST' && route.url === '/api/v1/session') {
      const email = String((request.body as { email?: unknown })?.email ?? '')
        .trim()
        .toLowerCase();
      const keys = { email: `${email}|${request.ip}`, address: request.ip };
      const wait = Math.max(byEmail.blockedFor(keys.email), byAddress.blockedFor(keys.address));
      if (wait > 0) tooMany(reply, wait, `Too many failed sign-ins; try again in ${wait} seconds`);
      byEmail.hit(keys.email);
      byAddress.hit(keys.address);
      signInKeys.set(request, keys);
      return;
    }
    if (route.config?.writeKeyInBody === true && config.ingestLimit.maxRequests > 0) {
      const keyId = request.identity?.actor.id;
      if (!keyId) return;
      const wait = ingest.hit(keyId);
      if (wait > 0)
        tooMany(
          reply,
          wait,
          `This write key sent more than ${config.ingestLimit.maxRequests} requests in ${config.ingestLimit.windowMs / 1000} seconds; retry in ${wait} seconds`,
        );
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const keys = signInKeys.get(request);
    if (!keys || reply.statusCode >= 300) return;
    byEmail.forget(keys.email);
    byAddress.refund(keys.address);
  });
}
