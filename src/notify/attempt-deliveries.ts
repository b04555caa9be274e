import { randomUUID } from 'node:crypto';
import { systemActor } from '../core/roles.js';
import { insertAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import {
  type AttemptOutcome,
  abandonDelivery,
  type ClaimedDelivery,
  claimDueDeliveries,
  recordAttempt,
} from '../store/deliveries.js';
import { disableEndpoint } from '../store/webhook-endpoints.js';
import { nextAttemptAfter } from './backoff.js';
import { type HttpSender, type Mailer, SendError } from './senders.js';
import { signatureHeaders } from './sign.js';

/** Deliveries one sweep leases; a full batch makes the job run again at once. */
export const deliveryBatch = 50;
/** Sent side by side within a batch, so one slow receiver does not hold up the rest. */
export const deliveryConcurrency = 10;
/**
 * How long a claimed delivery is this sweep's: a batch takes at most
 * batch / concurrency × timeout (50 s) to send, so two minutes is never
 * outlived by a sweep that is alive, and a dead one's work waits no longer.
 */
export const leaseMs = 120_000;

export interface Senders {
  http: HttpSender;
  /** null: SMTP is not configured. */
  mailer: Mailer | null;
}

/**
 * Sends what is due: leases due deliveries in a short transaction (partial
 * index on next_attempt_at, SKIP LOCKED), sends each outside any transaction,
 * then records the attempt and the delivery's new state in a transaction of
 * its own. 2xx succeeds; 410 Gone fails the delivery and disables the
 * endpoint; anything else is tried again on the schedule (backoff.ts) until it
 * runs out. Each delivery is sent by one sweep at a time, across processes;
 * only a sweep that died mid-send (its lease ran out) can cause a second send,
 * which the stable webhook-id lets a receiver recognise.
 */
export async function attemptDueDeliveries(input: {
  db: Db;
  now: Date;
  senders: Senders;
  limit?: number;
}): Promise<{ attempted: number; succeeded: number; full: boolean }> {
  const { db, now } = input;
  const limit = input.limit ?? deliveryBatch;
  const claimed = await db.transaction((tx) =>
    claimDueDeliveries(tx, {
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      leaseToken: randomUUID(),
      limit,
    }),
  );
  let succeeded = 0;
  let next = 0;
  // A failure to record one delivery (the database went away) must not leave
  // the other workers running after the sweep returns: each finishes, then the
  // first error is thrown; the unrecorded deliveries are retried after their lease.
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < claimed.length) {
      const d = claimed[next++]!;
      try {
        if (await attemptOne(db, d, now, input.senders)) succeeded++;
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deliveryConcurrency, claimed.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return { attempted: claimed.length, succeeded, full: claimed.length === limit };
}

async function attemptOne(
  db: Db,
  d: ClaimedDelivery,
  now: Date,
  senders: Senders,
): Promise<boolean> {
  const unsendable =
    d.channel === 'email'
      ? senders.mailer === null && 'SMTP is not configured'
      : !d.endpoint?.enabled && 'The endpoint is disabled';
  if (unsendable) {
    await db.transaction((tx) =>
      abandonDelivery(tx, { deliveryId: d.id, leaseToken: d.leaseToken, reason: unsendable }),
    );
    return false;
  }

  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let permanent = false;
  try {
    if (d.request.channel === 'email') {
      await senders.mailer!.send(d.request);
    } else {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'Tandem-Webhooks/1',
      };
      if (d.request.channel === 'webhook' && d.endpoint?.secret)
        Object.assign(
          headers,
          signatureHeaders({
            secret: d.endpoint.secret,
            id: d.notificationId,
            at: now,
            body: d.request.body,
          }),
        );
      statusCode = (await senders.http({ url: d.endpoint!.url, headers, body: d.request.body }))
        .status;
    }
  } catch (e) {
    error = (e instanceof SendError ? e.message : String(e)).slice(0, 500);
    permanent = e instanceof SendError && e.permanent;
  }
  const durationMs = Math.round(performance.now() - started);

  const ok = error === null && (statusCode === null || (statusCode >= 200 && statusCode < 300));
  const gone = statusCode === 410;
  const retryAt = ok || gone || permanent ? null : nextAttemptAfter(d.attempt, now);
  const outcome: AttemptOutcome = {
    deliveryId: d.id,
    leaseToken: d.leaseToken,
    attempt: d.attempt,
    attemptedAt: now,
    statusCode,
    error,
    durationMs,
    status: ok ? 'succeeded' : retryAt ? 'pending' : 'failed',
    nextAttemptAt: retryAt,
  };
  await db.transaction(async (tx) => {
    await recordAttempt(tx, outcome);
    if (gone && d.endpoint) {
      const reason = `The receiver answered 410 Gone on ${now.toISOString()}`;
      if (await disableEndpoint(tx, d.endpoint.id, reason))
        await insertAudit(tx, systemActor, {
          action: 'webhook_endpoint.disabled',
          subjectType: 'webhook_endpoint',
          subjectId: d.endpoint.id,
          changes: { enabled: false, reason },
          occurredAt: now,
        });
    }
  });
  return ok;
}
