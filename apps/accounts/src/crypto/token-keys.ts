import { parseKeyList } from '@contact-sync/platform';

export interface TokenKeyRing {
  /** The key new ciphertexts are made with: the first one listed. */
  primary: { kid: string; key: Buffer };
  byId: Map<string, Buffer>;
}

/** TOKEN_ENCRYPTION_KEYS: `kid:base64key` entries, newest first, each 32 random bytes (openssl rand -base64 32). */
export function parseTokenKeys(text: string): TokenKeyRing {
  const byId = new Map<string, Buffer>();
  for (const { kid, value } of parseKeyList(text)) {
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) throw new Error(`key "${kid}" must be 32 random bytes, base64-encoded (openssl rand -base64 32)`);
    byId.set(kid, key);
  }
  const [kid, key] = [...byId][0] as [string, Buffer];
  return { primary: { kid, key }, byId };
}
