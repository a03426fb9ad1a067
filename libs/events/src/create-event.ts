import { randomUUID } from 'node:crypto';
import { EVENT_CONTRACTS, type EventEnvelope, type EventPayload, type EventScope, type EventType } from './event-map';

/** Builds a validated envelope; a payload that does not match its contract fails here, at the source. */
export function createEvent<T extends EventType>(type: T, scope: EventScope<T>, payload: EventPayload<T>): EventEnvelope<T> {
  const contract = EVENT_CONTRACTS[type];
  const parsed = contract.payload.parse(payload) as EventPayload<T>;
  return {
    id: randomUUID(),
    type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    ...scope,
    payload: parsed,
  } as EventEnvelope<T>;
}
