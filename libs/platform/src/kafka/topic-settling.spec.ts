import { Logger } from '@nestjs/common';
import { isTopicSettling, whileTopicsSettle } from './topic-settling';

const settling = (type: string) => Object.assign(new Error(type), { type });

describe('whileTopicsSettle', () => {
  const logger = new Logger('test');
  beforeEach(() => jest.spyOn(logger, 'warn').mockImplementation(() => undefined));

  it('retries what a broker answers while fresh topics are placed, then returns the result', async () => {
    const step = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(settling('UNKNOWN_TOPIC_OR_PARTITION'))
      .mockRejectedValueOnce(settling('LEADER_NOT_AVAILABLE'))
      .mockResolvedValue('subscribed');
    await expect(whileTopicsSettle(step, logger, 'subscribe')).resolves.toBe('subscribed');
    expect(step).toHaveBeenCalledTimes(3);
  });

  it('throws any other error at once', async () => {
    const step = jest.fn<Promise<void>, []>().mockRejectedValue(new Error('SASL authentication failed'));
    await expect(whileTopicsSettle(step, logger, 'subscribe')).rejects.toThrow('SASL');
    expect(step).toHaveBeenCalledTimes(1);
  });

  it('gives up after a bounded number of attempts', async () => {
    jest.useFakeTimers();
    try {
      const step = jest.fn<Promise<void>, []>().mockRejectedValue(settling('UNKNOWN_TOPIC_OR_PARTITION'));
      const done = whileTopicsSettle(step, logger, 'subscribe').catch((err: Error) => err);
      for (let i = 0; i < 20; i++) await jest.advanceTimersByTimeAsync(5_000);
      expect(await done).toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
      expect(step).toHaveBeenCalledTimes(8);
    } finally {
      jest.useRealTimers();
    }
  });

  it('classifies kafkajs retriable errors as settling and plain errors as not', () => {
    expect(isTopicSettling(Object.assign(new Error('x'), { retriable: true }))).toBe(true);
    expect(isTopicSettling(new Error('x'))).toBe(false);
    expect(isTopicSettling(undefined)).toBe(false);
  });
});
