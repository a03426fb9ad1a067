import type { AnyEvent } from '@contact-sync/events';
import type { OutboxEntry } from '../accounts/account.schema';

/** The `$push` that records events in the same account update as the state change producing them. */
export function pushToOutbox(...events: AnyEvent[]): { outbox: { $each: OutboxEntry[] } } {
  const recordedAt = new Date();
  return { outbox: { $each: events.map((event) => ({ eventId: event.id, event: event as unknown as Record<string, unknown>, recordedAt })) } };
}
