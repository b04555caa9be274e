import { randomFillSync } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * RFC 9562 UUID version 7: 48 bits of Unix milliseconds, then random bits.
 * Ids of rows written together sort together, so inserts land at the end of
 * the primary-key index instead of all over it (random v4 ids).
 *
 * Without an explicit time, ids from this process strictly increase (a 12-bit
 * counter within a millisecond, RFC 9562 §6.2 method 1): identity resolution
 * breaks a tie between contacts created in one transaction by the smaller id,
 * so the order of the ids must be the order they were made in.
 */
export function uuidV7(now?: number): string {
  const bytes = randomFillSync(new Uint8Array(16));
  let ms: number;
  if (now !== undefined) {
    ms = now;
  } else {
    const clock = Date.now();
    if (clock > lastMs) {
      lastMs = clock;
      // Start low in the counter's range so a burst within one millisecond rarely overflows it.
      sequence = ((bytes[6]! & 0x07) << 8) | bytes[7]!;
    } else if (++sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
    ms = lastMs;
    bytes[6] = sequence >> 8;
    bytes[7] = sequence & 0xff;
  }
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
