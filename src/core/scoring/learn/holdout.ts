/**
 * A contact's place in [0, 1), from its id alone: the same contact lands in the
 * same part of the split on every run and on every database, and adding
 * contacts does not move the others. FNV-1a, then a murmur3 finaliser so that
 * ids differing in one character spread over the whole range.
 */
export function unitHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** The holdout is the contacts whose hash falls below `share`. */
export function inHoldout(contactId: string, share: number): boolean {
  return unitHash(contactId) < share;
}
