import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import {
  type DeliveryAttempt,
  findDeliveryEndpoint,
  listDeliveryAttempts,
} from '../../store/deliveries.js';

/** The log of one delivery to an endpoint: every attempt with its answer, in order. */
export async function listWebhookDeliveryAttempts(input: {
  db: Db;
  actor: Actor;
  endpointId: string;
  deliveryId: string;
}): Promise<DeliveryAttempt[]> {
  authorize(input.actor, { action: 'notifications.manage' });
  const found = await findDeliveryEndpoint(input.db, input.deliveryId);
  if (found?.endpointId !== input.endpointId)
    throw new AppError('not_found', 'No delivery with that id to this endpoint');
  return listDeliveryAttempts(input.db, input.deliveryId);
}
