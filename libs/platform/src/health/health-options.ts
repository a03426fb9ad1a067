import { z } from 'zod';
import { DEFAULT_STUCK_AFTER_MS } from '../kafka/consumer-health';

/** What a service's readiness waits for, besides MongoDB (PlatformOptions.readiness). */
export interface ReadinessOptions {
  /**
   * true (default): the broker reachable and the consumers not crashed. false for services whose
   * HTTP API works without the broker (their events wait in an outbox): the broker and consumers
   * are then shown by /health/dependencies and /metrics, not by readiness.
   */
  kafka: boolean;
}
export const READINESS_OPTIONS = Symbol('READINESS_OPTIONS');

/**
 * Read apart from each service's env schema so every service gets it without touching them.
 * CONSUMER_STUCK_AFTER_MS: a consumed chunk without progress this long fails liveness.
 */
export const consumerHealthEnvSchema = z.object({
  CONSUMER_STUCK_AFTER_MS: z.coerce.number().int().min(1000).default(DEFAULT_STUCK_AFTER_MS),
});
