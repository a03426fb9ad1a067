import { randomBytes } from 'node:crypto';

/**
 * Random bytes drawn from a pooled buffer: seeding 25,000 persons takes ~100,000 ids and etags,
 * and one `randomBytes` call per id would dominate the request.
 */
const POOL_SIZE = 64 * 1024;
let pool = randomBytes(POOL_SIZE);
let used = 0;

function take(bytes: number): Buffer {
  if (used + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  const out = pool.subarray(used, used + bytes);
  used += bytes;
  return out;
}

/** Random URL-safe string: tokens, etags and codes are opaque to clients. */
export const opaque = (bytes = 16): string => take(bytes).toString('base64url');

/** Random lower-case hex string (Google's contact group and source ids). */
export const hexId = (bytes = 8): string => take(bytes).toString('hex');

/** A random positive 63-bit integer in decimal, like the digits of Google's `people/c…` ids. */
export function decimalId(): string {
  return (take(8).readBigUInt64BE() >> 1n).toString();
}
