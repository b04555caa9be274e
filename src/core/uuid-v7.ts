import { randomFillSync } from 'node:crypto';

/**
 * RFC 9562 UUID version 7: 48 bits of Unix milliseconds, then random bits.
 * Ids of rows written together sort together, so inserts land at the end of
 * the primary-key index instead of all over it (random v4 ids).
 */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomFillSync(new Uint8Array(16));
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
