import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/): the secret is
 * `whsec_` + base64 of a random key, and each request carries webhook-id (the
 * same on every retry, so a receiver can drop duplicates), webhook-timestamp
 * (unix seconds of this attempt, for replay protection) and webhook-signature
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
export const secretPrefix = 'whsec_';

/** 32 random bytes: within the spec's 24–64. */
export function newWebhookSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64');
}

export function signatureHeaders(input: {
  secret: string;
  id: string;
  at: Date;
  body: string;
}): Record<string, string> {
  if (!input.secret.startsWith(secretPrefix)) throw new Error('not a whsec_ secret');
  const key = Buffer.from(input.secret.slice(secretPrefix.length), 'base64');
  const timestamp = String(Math.floor(input.at.getTime() / 1000));
  const signature = createHmac('sha256', key)
    .update(`${input.id}.${timestamp}.${input.body}`)
    .digest('base64');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}
