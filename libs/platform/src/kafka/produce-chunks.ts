import type { Message } from 'kafkajs';

/**
 * Kafka refuses a request or record batch over `message.max.bytes` (1 MiB by default) with a
 * non-retriable error. Every produce request we send stays under this budget, so no partition batch
 * within it can exceed the limit either (headroom left for protocol framing).
 */
export const MAX_PRODUCE_BYTES = 900 * 1024;
/** Per-record framing in a v2 record batch (varints, attributes, header names): a generous bound. */
const RECORD_OVERHEAD_BYTES = 64;

/** One event that can never fit in a request: a producer bug (e.g. a photo inside an event), not an outage. */
export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';
}

export interface TopicMessage {
  topic: string;
  message: Message;
}

const size = (v: Message['key'] | Message['value']): number => (v == null ? 0 : Buffer.isBuffer(v) ? v.length : Buffer.byteLength(v));

export function encodedSize({ topic, message }: TopicMessage): number {
  const headers = Object.entries(message.headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : 0), 0);
  return Buffer.byteLength(topic) + size(message.key) + size(message.value) + headers + RECORD_OVERHEAD_BYTES;
}

/**
 * Splits messages, in order, into requests of at most `maxCount` messages and `maxBytes` encoded
 * bytes. Order is kept, so per-key ordering survives the split.
 */
export function chunkBySize(messages: TopicMessage[], maxCount: number, maxBytes = MAX_PRODUCE_BYTES): TopicMessage[][] {
  const chunks: TopicMessage[][] = [];
  let current: TopicMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const n = encodedSize(m);
    if (n > maxBytes) throw new EventTooLargeError(`a message for ${m.topic} is ${n} bytes encoded, over the ${maxBytes}-byte produce limit`);
    if (current.length > 0 && (bytes + n > maxBytes || current.length >= maxCount)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
