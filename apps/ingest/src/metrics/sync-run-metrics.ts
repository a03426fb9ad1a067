import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { Metrics } from '@contact-sync/platform';

/** How a run ended, as SyncRunner decided it (the state machine's transition). */
export type SyncRunOutcome =
  | 'succeeded'
  | 'awaiting_confirmation'
  | 'retry_later'
  | 'reconnect_needed'
  | 'needs_configuration'
  | 'account_gone'
  | 'handed_back'
  | 'lease_lost'
  /** The run's own bookkeeping failed (the database went away while recording the outcome). */
  | 'error';

/** Durations and outcomes of sync runs by provider and pass kind (full, incremental, resync). */
@Injectable()
export class SyncRunMetrics {
  private readonly duration: Histogram<'provider' | 'kind'>;
  private readonly outcomes: Counter<'provider' | 'kind' | 'outcome'>;

  constructor(metrics: Metrics) {
    this.duration = new Histogram({
      name: 'contact_sync_sync_run_duration_seconds',
      help: 'Duration of sync runs, from the claim to the recorded outcome, by provider and kind (full, incremental, resync).',
      labelNames: ['provider', 'kind'] as const,
      // From a no-op incremental pass (tens of ms) to a full pass of a large address book (minutes).
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers: [metrics.registry],
    });
    this.outcomes = new Counter({
      name: 'contact_sync_sync_runs_total',
      help: 'Finished sync runs by provider, kind and outcome (succeeded, awaiting_confirmation, retry_later, reconnect_needed, needs_configuration, account_gone, handed_back, lease_lost, error).',
      labelNames: ['provider', 'kind', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  record(provider: string, kind: string, outcome: SyncRunOutcome, seconds: number): void {
    this.duration.observe({ provider, kind }, seconds);
    this.outcomes.inc({ provider, kind, outcome });
  }
}
