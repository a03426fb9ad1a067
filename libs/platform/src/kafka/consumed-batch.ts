import type { KafkaMessage } from 'kafkajs';

/** A chunk of one partition's messages, in offset order, as handed to an @EventPattern handler. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
  /**
   * Tells consumer health the handler is still moving (a retry, a dead letter): a chunk without
   * progress for CONSUMER_STUCK_AFTER_MS makes the consumer stuck, and liveness fail.
   */
  progress?(): void;
}
