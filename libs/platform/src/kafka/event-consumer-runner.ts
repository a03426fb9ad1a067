import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientKafka } from '@nestjs/microservices';
import type { KafkaMessage, Producer } from 'kafkajs';
import { InvalidEventError, parseEvent, topicName, type DeadLetter, type EventsOnTopic, type TopicKey } from '@contact-sync/events';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { KAFKA_CLIENT } from './kafka-tokens';
import { consumerGroupId } from './kafka-client-options';
import { isTransientInfrastructureError } from './transient-error';
import type { ConsumedBatch } from './consumed-batch';
import { Metrics } from '../metrics/metrics';
import { DeadLetterRepository } from '../dead-letters/dead-letter.repository';
import { envelopeFieldsOf } from '../dead-letters/envelope-fields';

export const MAX_APPLY_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Below the consumer's session timeout (30 s) with room for two misses. */
const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Runs a handler while telling the group coordinator this consumer is alive: kafkajs only
 * heartbeats between fetches, so a handler that waits longer than the session timeout (a provider's
 * Retry-After, another replica's lease) would be dropped from the group and its partitions moved
 * mid-work.
 */
async function keepingMembership<T>(batch: ConsumedBatch, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void batch.heartbeat().catch(() => undefined), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export interface ParsedEvent<K extends TopicKey> {
  event: EventsOnTopic<K>;
  message: KafkaMessage;
}

/**
 * Validation, retries and dead-lettering for consumed chunks, so handlers only see valid events.
 * An invalid message, or one that keeps failing, goes to the dead-letter topic with the reason and
 * the rest carry on. Transient infrastructure errors are retried until they pass: the partition
 * waits, nothing is lost or skipped.
 */
@Injectable()
export class EventConsumerRunner {
  private readonly logger = new Logger(EventConsumerRunner.name);

  constructor(
    @Inject(KAFKA_CLIENT) private readonly client: ClientKafka,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly metrics: Metrics,
    private readonly deadLetters: DeadLetterRepository,
  ) {}

  /** Applies each event on its own, in order (low-volume topics). */
  async each<K extends TopicKey>(topic: K, batch: ConsumedBatch, apply: (event: EventsOnTopic<K>) => Promise<void>): Promise<void> {
    for (const parsed of await this.parse(topic, batch)) {
      await this.withRetries(topic, batch, [parsed], () => apply(parsed.event));
    }
  }

  /**
   * Applies the whole chunk at once (bulk queries). If the chunk keeps failing for a reason other
   * than infrastructure, it is re-applied event by event so that only the culprit is dead-lettered.
   */
  async bulk<K extends TopicKey>(topic: K, batch: ConsumedBatch, apply: (events: EventsOnTopic<K>[]) => Promise<void>): Promise<void> {
    const parsed = await this.parse(topic, batch);
    if (parsed.length === 0) return;
    const applied = await this.withRetries(topic, batch, parsed, (events) => apply(events.map((e) => e.event)), false);
    if (applied) return;
    this.logger.warn(`chunk of ${parsed.length} on ${batch.topic}[${batch.partition}] keeps failing; isolating the culprit`);
    for (const one of parsed) await this.withRetries(topic, batch, [one], (events) => apply(events.map((e) => e.event)));
  }

  private async parse<K extends TopicKey>(topic: K, batch: ConsumedBatch): Promise<ParsedEvent<K>[]> {
    const parsed: ParsedEvent<K>[] = [];
    for (const message of batch.messages) {
      try {
        parsed.push({ event: parseEvent(topic, message.value), message });
      } catch (err) {
        const reason = err instanceof InvalidEventError ? err.message : `unparseable: ${describe(err)}`;
        await this.deadLetter(topic, batch, message, reason, 1);
      }
    }
    return parsed;
  }

  /** true when applied; false (with deadLetterOnFailure=false) when it failed permanently. */
  private async withRetries<K extends TopicKey>(
    topic: K,
    batch: ConsumedBatch,
    events: ParsedEvent<K>[],
    apply: (events: ParsedEvent<K>[]) => Promise<void>,
    deadLetterOnFailure = true,
  ): Promise<boolean> {
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      batch.progress?.();
      try {
        await keepingMembership(batch, () => apply(events));
        this.metrics.eventsConsumed.inc({ topic, outcome: 'applied' }, events.length);
        await this.resolveLetters(events);
        return true;
      } catch (err) {
        const transient = isTransientInfrastructureError(err);
        if (!transient) failures++;
        if (!transient && failures >= MAX_APPLY_ATTEMPTS) {
          if (!deadLetterOnFailure) return false;
          for (const e of events) {
            await this.deadLetter(topic, batch, e.message, `apply failed after ${failures} attempts: ${describe(err)}`, failures);
          }
          return true;
        }
        this.logger.warn(`retrying ${events.length} event(s) on ${batch.topic} (attempt ${attempt}, transient=${transient}): ${describe(err)}`);
        await this.backoff(batch, attempt);
      }
    }
  }

  /**
   * An applied event (replayed, or redelivered and now fine) closes its open letter. One indexed
   * updateMany per applied chunk, by event id: cheaper than a lookup per message, and it also covers
   * a letter resolved by a normal redelivery without the replay header. A failure here only leaves
   * the letter open (shown on the dashboard); it must not fail the applied events.
   */
  private async resolveLetters<K extends TopicKey>(events: ParsedEvent<K>[]): Promise<void> {
    try {
      const resolved = await this.deadLetters.resolve(events.map((e) => e.event.id));
      if (resolved > 0) this.logger.log(`resolved ${resolved} dead letter(s) by applying their events`);
    } catch (err) {
      this.logger.warn(`could not mark dead letters resolved: ${describe(err)}`);
    }
  }

  private async backoff(batch: ConsumedBatch, attempt: number): Promise<void> {
    const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
    // Keep the group membership alive while we wait, or a long outage would trigger a rebalance storm.
    for (let waited = 0; waited < delay; waited += 1000) {
      await sleep(Math.min(1000, delay - waited));
      await batch.heartbeat().catch(() => undefined);
    }
  }

  private async deadLetter(topic: TopicKey, batch: ConsumedBatch, message: KafkaMessage, reason: string, attempts: number): Promise<void> {
    const letter: DeadLetter = {
      sourceTopic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key ? message.key.toString() : null,
      value: message.value ? message.value.toString('utf8') : null,
      consumerGroup: consumerGroupId(this.config.name, this.config.TOPIC_NAMESPACE),
      reason,
      attempts,
      failedAt: new Date().toISOString(),
      eventId: null,
      eventType: null,
      companyId: null,
      accountId: null,
    };
    const fields = envelopeFieldsOf(letter.value);
    Object.assign(letter, { eventId: fields.eventId, eventType: fields.eventType, companyId: fields.companyId, accountId: fields.accountId });
    this.logger.error(`dead-lettering ${letter.sourceTopic}[${letter.partition}]@${letter.offset}: ${reason}`);
    for (let attempt = 1; ; attempt++) {
      batch.progress?.();
      try {
        const producer: Producer = await this.client.connect();
        await producer.send({
          topic: topicName('deadLetter', this.config.TOPIC_NAMESPACE),
          acks: -1,
          messages: [{ key: letter.key, value: JSON.stringify(letter) }],
        });
        // Recorded after the topic (which holds the bytes for replay): a crash in between redelivers
        // the message, which dead-letters again and upserts the same record.
        await this.deadLetters.record({ ...letter, externalId: fields.externalId });
        this.metrics.eventsConsumed.inc({ topic, outcome: 'dead_lettered' });
        return;
      } catch (err) {
        this.logger.warn(`dead-letter publish failed (attempt ${attempt}): ${describe(err)}`);
        await this.backoff(batch, attempt);
      }
    }
  }
}
