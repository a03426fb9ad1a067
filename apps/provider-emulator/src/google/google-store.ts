import { Injectable } from '@nestjs/common';
import { AccountStore } from '../core/account-store';
import { systemClock, type Clock } from '../core/clock';
import { ResetRegistry } from '../core/reset-registry';
import { GoogleAddressBook } from './address-book/google-address-book';
import { GoogleSettings } from './google-settings';

/** Every emulated Google account's address book, by e-mail address. */
@Injectable()
export class GoogleStore extends AccountStore<GoogleAddressBook> {
  /** Tests replace it before creating accounts to move time forward. */
  clock: Clock = systemClock;

  constructor(registry: ResetRegistry, settings: GoogleSettings) {
    super('google', (email, changed) => new GoogleAddressBook(email, () => this.clock(), () => settings.writePropagationDelayMs, changed));
    registry.register(this);
  }
}
