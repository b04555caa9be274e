import { randomUUID } from 'node:crypto';
import { AppError, type FieldError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { type NormalizedMessage, normalizeMessage } from '../../core/tracking/normalize.js';
import { type MessageType, validateMessage } from '../../core/tracking/segment-message.js';
import type { IngestQueue } from './ingest-queue.js';

export interface RejectedMessage {
  index: number;
  messageId: string | null;
  errors: FieldError[];
}

export interface TrackResult {
  stored: number;
  duplicates: number;
  rejected: RejectedMessage[];
}

/**
 * The tracking API's use case. Each message is checked on its own: valid
 * messages are stored even when others in the same batch are not (those are
 * listed in `rejected`), because a Segment client drops a batch answered with
 * a 4xx, and with it every good event. Only when nothing is valid is the
 * whole request refused.
 */
export async function trackMessages(input: {
  queue: IngestQueue;
  actor: Actor;
  /** For the single-call endpoints the path says the type; /v1/batch messages say it themselves. */
  type: MessageType | undefined;
  messages: unknown[];
  shared: { sentAt?: string | undefined; context?: Record<string, unknown> | undefined };
  receivedAt: Date;
}): Promise<TrackResult> {
  authorize(input.actor, { action: 'ingest' });
  if (input.actor.kind !== 'api_key')
    throw new AppError(
      'unauthenticated',
      'Tracking calls take a write key (an API key with the ingest scope)',
    );
  const source = `api_key:${input.actor.id}`;
  const normalized: NormalizedMessage[] = [];
  const rejected: RejectedMessage[] = [];
  input.messages.forEach((raw, index) => {
    const checked = validateMessage(raw, input.type);
    if (!checked.ok) {
      const messageId =
        typeof (raw as { messageId?: unknown })?.messageId === 'string'
          ? (raw as { messageId: string }).messageId
          : null;
      rejected.push({ index, messageId, errors: checked.errors });
      return;
    }
    const message = input.shared.context
      ? {
          ...checked.message,
          context: { ...input.shared.context, ...(checked.message.context ?? {}) },
        }
      : checked.message;
    // Without a messageId a retry cannot be recognised; Segment's libraries always send one.
    normalized.push(
      normalizeMessage(message, input.receivedAt, input.shared.sentAt, `generated-${randomUUID()}`),
    );
  });
  if (normalized.length === 0) {
    const fields = rejected.flatMap((r) =>
      r.errors.map((e) => ({
        field: input.type ? e.field : `batch/${r.index}/${e.field}`,
        message: e.message,
      })),
    );
    throw new AppError(
      'validation_failed',
      `No valid message in the request: ${fields
        .slice(0, 3)
        .map((f) => `${f.field} ${f.message}`)
        .join('; ')}`,
      { fields },
    );
  }
  const result = await input.queue.submit(input.actor, source, normalized, input.receivedAt);
  return { ...result, rejected };
}
