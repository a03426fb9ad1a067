import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Metrics, SERVICE_CONFIG } from '@contact-sync/platform';
import type { IngestConfig } from '../config/ingest-env.schema';
import { SyncBacklogQuery, type SyncBacklog } from './sync-backlog.query';

/**
 * Scheduling gauges read from MongoDB at each scrape (every replica exports the same global figures:
 * aggregate with max, not sum). A sync counts as unclaimed once due for longer than two scheduler
 * ticks: a replica with room claims a due sync within one tick, so anything older waits for capacity
 * (all replicas at SYNC_CONCURRENCY) or for a replica at all. A failed read leaves the gauges unset
 * for that scrape rather than showing stale figures.
 */
@Injectable()
export class SyncBacklogMetrics {
  private readonly logger = new Logger(SyncBacklogMetrics.name);

  constructor(metrics: Metrics, query: SyncBacklogQuery, @Inject(SERVICE_CONFIG) config: IngestConfig) {
    const graceMs = 2 * config.SCHEDULER_TICK_MS;
    let reading: Promise<SyncBacklog | null> | null = null;
    // The three gauges are collected one after another in one scrape: they share one read.
    const read = (): Promise<SyncBacklog | null> => {
      reading ??= (async () => {
        try {
          const now = new Date();
          return await query.read(now, new Date(now.getTime() - graceMs));
        } catch (err) {
          this.logger.warn(`sync backlog not read for /metrics: ${err instanceof Error ? err.message : String(err)}`);
          return null;
        } finally {
          setImmediate(() => (reading = null));
        }
      })();
      return reading;
    };
    const gauge = (name: string, help: string, value: (b: SyncBacklog) => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        async collect() {
          const backlog = await read();
          if (backlog) this.set(value(backlog));
          else this.reset();
        },
      });
    gauge('contact_sync_syncs_due_unclaimed', 'Syncs due for longer than two scheduler ticks that no ingest replica has claimed (lapsed leases included).', (b) => b.dueUnclaimed);
    gauge('contact_sync_syncs_due_oldest_seconds', 'How long the most overdue unclaimed sync has been waiting, in seconds (0 when none).', (b) => b.oldestDueSeconds);
    gauge('contact_sync_accounts_reconnect_needed', 'Syncs stopped until their user reconnects the account (the provider refused access).', (b) => b.reconnectNeeded);
  }
}
