import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ReloadingSecret, SERVICE_CONFIG } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';
import { parseTokenKeys, type TokenKeyRing } from './token-keys';

/** Current format: `v2.<key id>.<iv>.<tag>.<body>`. `v1.<iv>.<tag>.<body>` (before key ids) is still read. */
const VERSION = 'v2';
const IV_BYTES = 12;
/** The full 128-bit GCM tag, enforced on decrypt: Node would otherwise accept a truncated tag, which is far easier to forge. */
const TAG_BYTES = 16;

/**
 * AES-256-GCM for OAuth tokens at rest. The account id is bound in as associated data, so a
 * ciphertext copied onto another account does not decrypt. Several keys at once: the first listed
 * encrypts, any decrypts (found by the key id in the ciphertext), so a new key is rolled in, old
 * ciphertexts re-encrypted (`npm run tokens:reencrypt`), then the old key retired, with no user
 * reconnecting and, with TOKEN_ENCRYPTION_KEYS_FILE, no restart.
 */
@Injectable()
export class TokenCipher {
  private readonly keys: ReloadingSecret<TokenKeyRing>;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<AccountsConfig, 'TOKEN_ENCRYPTION_KEYS' | 'TOKEN_ENCRYPTION_KEYS_FILE'>) {
    this.keys = new ReloadingSecret('TOKEN_ENCRYPTION_KEYS', { inline: config.TOKEN_ENCRYPTION_KEYS, file: config.TOKEN_ENCRYPTION_KEYS_FILE }, parseTokenKeys);
  }

  /** The key id new ciphertexts are made with. */
  get primaryKeyId(): string {
    return this.keys.current.primary.kid;
  }

  encrypt(plaintext: string, boundTo: string): string {
    const { kid, key } = this.keys.current.primary;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, kid, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string, boundTo: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 5) {
      const [, kid, iv, tag, body] = parts as [string, string, string, string, string];
      const key = this.keys.current.byId.get(kid);
      if (!key) throw new Error(`token ciphertext made with key "${kid}", which is not among TOKEN_ENCRYPTION_KEYS`);
      return open(key, iv, tag, body, boundTo);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, body] = parts as [string, string, string, string];
      // No key id: the key that authenticates it is the one (GCM refuses every other).
      for (const key of this.keys.current.byId.values()) {
        try {
          return open(key, iv, tag, body, boundTo);
        } catch {
          // not this key
        }
      }
      throw new Error('v1 token ciphertext: no configured key opens it');
    }
    throw new Error('unrecognised token ciphertext');
  }

  /** Whether a ciphertext was made with another key than the primary one (what re-encryption rewrites). */
  needsReencryption(sealed: string): boolean {
    const parts = sealed.split('.');
    return !(parts[0] === VERSION && parts[1] === this.primaryKeyId);
  }
}

function open(key: Buffer, iv: string, tag: string, body: string, boundTo: string): string {
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('token ciphertext has a malformed IV or authentication tag');
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
