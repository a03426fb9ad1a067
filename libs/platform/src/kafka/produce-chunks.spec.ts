import { chunkBySize, encodedSize, EventTooLargeError, MAX_PRODUCE_BYTES, type TopicMessage } from './produce-chunks';

const msg = (bytes: number, key = 'k'): TopicMessage => ({ topic: 't', message: { key, value: 'x'.repeat(bytes) } });

describe('chunkBySize', () => {
  it('keeps every request under the byte budget, in order', () => {
    const messages = Array.from({ length: 30 }, (_, i) => msg(100_000, `k${i}`));
    const chunks = chunkBySize(messages, 200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.reduce((n, m) => n + encodedSize(m), 0)).toBeLessThanOrEqual(MAX_PRODUCE_BYTES);
    expect(chunks.flat().map((m) => m.message.key)).toEqual(messages.map((m) => m.message.key));
  });

  it('caps the message count per request', () => {
    expect(chunkBySize(Array.from({ length: 450 }, () => msg(10)), 200).map((c) => c.length)).toEqual([200, 200, 50]);
  });

  it('refuses a single message over the limit with a clear error', () => {
    expect(() => chunkBySize([msg(10), msg(MAX_PRODUCE_BYTES)], 200)).toThrow(EventTooLargeError);
  });
});
