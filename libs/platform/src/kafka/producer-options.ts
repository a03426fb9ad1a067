import type { ProducerConfig } from 'kafkajs';

/**
 * The services' producer: idempotent, so a batch kafkajs re-sends after a lost acknowledgement is
 * written once, in order (the broker drops a sequence it already has). kafkajs then keeps one produce
 * request in flight per broker (its per-broker lock; `maxInFlightRequests: 1` says so for the whole
 * connection) and needs `acks: -1`, which every send already uses.
 *
 * Retries stay bounded (kafkajs would retry an idempotent producer forever, and warns when told not
 * to): during a broker outage a publish fails after five retries (about 10 s of backoff), as before, and its caller retries
 * (ingest's run, a consumer's chunk). After such a failure EventPublisher drops the producer, so the
 * next publish gets a new producer id: a sequence number kafkajs rolled back after a request that the
 * broker did write can then never make the broker take different messages for duplicates.
 * docs/decisions.md, "Kafka security (issue 12)".
 */
export const PRODUCER_OPTIONS: ProducerConfig = {
  allowAutoTopicCreation: false,
  idempotent: true,
  maxInFlightRequests: 1,
  retry: { retries: 5 },
};
