import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';

const VERSION = 'v1';

/**
 * AES-256-GCM for OAuth tokens at rest. The account id is bound in as associated data, so a
 * ciphertext copied onto another account does not decrypt.
 */
@Injectable()
export class TokenCipher {
  private readonly key: Buffer;

  constructor(@Inject(SERVICE_CONFIG) config: AccountsConfig) {
    this.key = Buffer.from(config.TOKEN_ENCRYPTION_KEY, 'base64');
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string, boundTo: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('unrecognised token ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
