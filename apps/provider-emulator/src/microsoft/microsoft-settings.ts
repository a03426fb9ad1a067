import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../core/reset-registry';

/** Outlook's limit: "4 concurrent requests" per app and mailbox (throttling-limits, Outlook service limits). */
export const OUTLOOK_MAILBOX_CONCURRENCY = 4;

/** Behaviour of the emulated Graph that tests may change through the admin API. */
@Injectable()
export class MicrosoftSettings {
  /** Requests in flight per mailbox; the next one gets 429 MailboxConcurrency. 0: no limit. */
  mailboxConcurrencyLimit = OUTLOOK_MAILBOX_CONCURRENCY;
  /** How long every Graph call takes (calls overlap, and so meet the limit, only while they take time). */
  latencyMs = 0;

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  reset(): void {
    this.mailboxConcurrencyLimit = OUTLOOK_MAILBOX_CONCURRENCY;
    this.latencyMs = 0;
  }

  snapshot() {
    return { mailboxConcurrencyLimit: this.mailboxConcurrencyLimit, latencyMs: this.latencyMs };
  }
}
