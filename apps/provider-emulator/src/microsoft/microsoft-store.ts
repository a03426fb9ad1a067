import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AccountStore } from '../core/account-store';
import { systemClock, type Clock } from '../core/clock';
import { ResetRegistry } from '../core/reset-registry';
import { Mailbox } from './mailbox/mailbox';

/** The Graph user id of an account: a GUID derived from the address, stable across restarts. */
export function userIdOf(email: string): string {
  const h = createHash('sha256').update(`user:${email}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Every emulated Microsoft account's mailbox (its contacts), by e-mail address. */
@Injectable()
export class MicrosoftStore extends AccountStore<Mailbox> {
  /** Tests replace it before creating accounts to control timestamps. */
  clock: Clock = systemClock;

  constructor(registry: ResetRegistry) {
    super('microsoft', (email, changed) => new Mailbox(email, () => this.clock(), changed));
    registry.register(this);
  }
}
