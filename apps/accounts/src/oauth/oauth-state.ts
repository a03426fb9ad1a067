import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';

export interface StatePayload {
  /** The pending connection attempt (holds the PKCE verifier server-side). */
  attemptId: string;
  expiresAt: number;
}

/** Signed, expiring OAuth `state`: a callback we did not start, or a tampered one, is refused. */
@Injectable()
export class OAuthStateSigner {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AccountsConfig) {}

  private mac(body: string): Buffer {
    return createHmac('sha256', this.config.OAUTH_STATE_SECRET).update(body).digest();
  }

  sign(payload: StatePayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  verify(state: string, now = Date.now()): StatePayload {
    const [body, signature] = state.split('.');
    if (!body || !signature) throw new BadRequestException('state is malformed');
    const expected = this.mac(body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new BadRequestException('state signature is invalid');
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
    if (payload.expiresAt < now) throw new BadRequestException('state has expired; start the connection again');
    return payload;
  }
}
