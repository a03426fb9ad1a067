import { envelopeSchema } from './envelope';
import { EVENT_CONTRACTS, type EventsOnTopic, type EventType } from './event-map';
import type { TopicKey } from './topics';
import { tolerantSchema } from './tolerant-schema';

/** A message that can never be applied, whatever the retries: it goes to the dead-letter topic. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

const describeIssues = (issues: { path: (string | number)[]; message: string }[]): string =>
  issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Validates raw consumed bytes (or an already-decoded value) as an event of the given topic.
 * Tolerant consumer: unknown fields at any depth are stripped, and an older version is upgraded
 * through the contract's `upgrades` chain to the current one. A newer version than known, or an
 * older one without an upgrade path, is refused. Throws InvalidEventError saying what is wrong.
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
  const envelope = tolerantSchema(envelopeSchema).safeParse(value);
  if (!envelope.success) throw new InvalidEventError(`bad envelope: ${describeIssues(envelope.error.issues)}`);

  const type = envelope.data.type as EventType;
  const contract = EVENT_CONTRACTS[type];
  if (!contract) throw new InvalidEventError(`unknown event type "${envelope.data.type}"`);
  if (contract.topic !== topic) throw new InvalidEventError(`event type "${type}" does not belong on topic ${topic}`);
  if (contract.accountScoped && !envelope.data.accountId) throw new InvalidEventError(`"${type}" needs accountId`);
  const upgraded = upgradePayload(type, envelope.data.version, envelope.data.payload);
  const payload = tolerantSchema(contract.payload).safeParse(upgraded);
  if (!payload.success) throw new InvalidEventError(`bad payload of "${type}": ${describeIssues(payload.error.issues)}`);
  return { ...envelope.data, version: contract.version, payload: payload.data } as EventsOnTopic<K>;
}

/** Walks `upgrades[v]` from the produced version up to the current one. */
function upgradePayload(type: EventType, version: number, payload: unknown): unknown {
  const contract = EVENT_CONTRACTS[type];
  const upgrades = (contract as { upgrades?: Readonly<Record<number, (p: unknown) => unknown>> }).upgrades ?? {};
  if (version > contract.version) {
    throw new InvalidEventError(`unsupported version ${version} of "${type}" (newer than ${contract.version}; upgrade this consumer)`);
  }
  let current = payload;
  for (let v = version; v < contract.version; v++) {
    const upgrade = upgrades[v];
    if (!upgrade) throw new InvalidEventError(`unsupported version ${version} of "${type}" (no upgrade from v${v} to v${v + 1})`);
    try {
      current = upgrade(current);
    } catch (err) {
      throw new InvalidEventError(`cannot upgrade "${type}" from v${v}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return current;
}
