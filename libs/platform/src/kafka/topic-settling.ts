import type { LoggerService } from '@nestjs/common';

/** Attempts while freshly created topics settle (about 10 s in all). */
const SETTLE_ATTEMPTS = 8;

const SETTLING_TYPES = new Set(['TOPIC_ALREADY_EXISTS', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/**
 * True for the errors a broker answers while topics another service just created are still being
 * placed ("does not host this topic-partition", "already exists", no leader yet).
 */
export function isTopicSettling(err: unknown): boolean {
  const e = err as { retriable?: boolean; type?: string } | undefined;
  return e?.retriable === true || SETTLING_TYPES.has(e?.type ?? '');
}

/**
 * Runs a start-up step that touches fresh topics, retrying (bounded, growing pauses) while they
 * settle; any other error, or the last attempt's, is thrown. Services start side by side, so one
 * of them always meets topics that are a few milliseconds old.
 */
export async function whileTopicsSettle<T>(step: () => Promise<T>, logger: LoggerService, what: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isTopicSettling(err) || attempt >= SETTLE_ATTEMPTS) throw err;
      logger.warn(`${what}: topics not ready yet (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
