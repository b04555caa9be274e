import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../../core/app-error.js';
import {
  type MessageType,
  maxRequestBytes,
  messageTypes,
} from '../../../core/tracking/segment-message.js';
import { authenticateApiKey } from '../../../services/auth/authenticate.js';
import { trackMessages } from '../../../services/ingest/track-messages.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors } from '../../schemas.js';
import { BatchBody, SingleBody, TrackResponse } from './schemas.js';

const tags = ['tracking'];
const security: { [label: string]: string[] }[] = [{ writeKey: [] }, { apiKey: [] }];
const description =
  'Segment HTTP tracking API. The write key (an API key with the ingest scope) goes in HTTP Basic as user name with an empty password, as a Bearer token, or as `writeKey` in the body. 32 KB per message, 500 KB per request. Valid messages are stored even when others in the batch are invalid; those are listed in `rejected`. A message already stored under the same messageId is not stored again.';

export const trackingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { db, ingestQueue },
) => {
  // Browser clients post JSON as text/plain to avoid a CORS preflight.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // Before validation, so a caller without a key hears 401 whatever the body holds.
  app.addHook('preValidation', async (request) => {
    if (request.identity?.via === 'api_key') return;
    const writeKey = (request.body as { writeKey?: unknown } | undefined)?.writeKey;
    const actor =
      typeof writeKey === 'string' && writeKey ? await authenticateApiKey(db, writeKey) : null;
    if (!actor)
      throw new AppError(
        'unauthenticated',
        'Send a write key: HTTP Basic user name, Bearer token, or "writeKey" in the body',
      );
    request.identity = { actor, via: 'api_key', member: null, csrfToken: null };
  });

  const options = (summary: string, body: typeof SingleBody | typeof BatchBody) => ({
    bodyLimit: maxRequestBytes,
    config: { writeKeyInBody: true },
    schema: {
      tags,
      summary,
      description,
      security,
      body,
      response: { 200: TrackResponse, ...commonErrors, 413: { $ref: 'Problem#' } },
    },
  });

  for (const type of messageTypes) {
    app.post(`/v1/${type}`, options(`Segment ${type} call`, SingleBody), async (request) => {
      const {
        sentAt,
        writeKey: _key,
        ...message
      } = request.body as Record<string, unknown> & { sentAt?: string };
      const result = await trackMessages({
        queue: ingestQueue,
        actor: request.identity!.actor,
        type: type as MessageType,
        messages: [message],
        shared: { sentAt },
        receivedAt: new Date(),
      });
      return { success: true, ...result };
    });
  }

  app.post('/v1/batch', options('Segment batch of calls', BatchBody), async (request) => {
    const { batch, sentAt, context } = request.body as {
      batch: unknown[];
      sentAt?: string;
      context?: Record<string, unknown>;
    };
    const result = await trackMessages({
      queue: ingestQueue,
      actor: request.identity!.actor,
      type: undefined,
      messages: batch,
      shared: { sentAt, context },
      receivedAt: new Date(),
    });
    return { success: true, ...result };
  });
};
