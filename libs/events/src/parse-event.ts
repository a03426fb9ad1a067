import { envelopeSchema } from './envelope';
import { EVENT_CONTRACTS, type EventsOnTopic, type EventType } from './event-map';
import type { TopicKey } from './topics';

/** A message that can never be applied, whatever the retries: it goes to the dead-letter topic. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

const describeIssues = (issues: { path: (string | number)[]; message: string }[]): string =>
  issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Validates raw consumed bytes (or an already-decoded value) as an event of the given topic.
 * Throws InvalidEventError saying exactly what is wrong.
 */
export function parseEvent<K extends TopicKey>(topic: K, raw: unknown): EventsOnTopic<K> {
  let value = raw;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new InvalidEventError('value is not valid JSON');
    }
  }
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) throw new InvalidEventError(`bad envelope: ${describeIssues(envelope.error.issues)}`);

  const type = envelope.data.type as EventType;
  const contract = EVENT_CONTRACTS[type];
  if (!contract) throw new InvalidEventError(`unknown event type "${envelope.data.type}"`);
  if (contract.topic !== topic) throw new InvalidEventError(`event type "${type}" does not belong on topic ${topic}`);
  if (envelope.data.version !== contract.version) {
    throw new InvalidEventError(`unsupported version ${envelope.data.version} of "${type}" (expected ${contract.version})`);
  }
  if (contract.accountScoped && !envelope.data.accountId) throw new InvalidEventError(`"${type}" needs accountId`);
  const payload = contract.payload.safeParse(envelope.data.payload);
  if (!payload.success) throw new InvalidEventError(`bad payload of "${type}": ${describeIssues(payload.error.issues)}`);
  return { ...envelope.data, payload: payload.data } as EventsOnTopic<K>;
}
