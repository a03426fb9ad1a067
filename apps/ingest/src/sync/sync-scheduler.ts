import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import type { IngestConfig } from '../config/ingest-env.schema';
import { SyncStateRepository } from '../state/sync-state.repository';
import { SyncRunner } from './sync-runner';

/**
 * Background scheduling, safe across replicas: every tick claims due syncs with a compare-and-set
 * lease (one replica per account at a time), most overdue first, up to SYNC_CONCURRENCY at once.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SyncScheduler.name);
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopping = false;

  constructor(
    private readonly states: SyncStateRepository,
    private readonly runner: SyncRunner,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.SCHEDULER_TICK_MS);
  }

  /** Claims and starts due syncs until the concurrency limit is reached or nothing is due. */
  async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      while (this.running.size < this.config.SYNC_CONCURRENCY && !this.stopping) {
        const state = await this.states.claimNext(this.owner, this.config.SYNC_LEASE_MS);
        if (!state) break;
        const run = this.runner
          .run(state, this.owner, () => this.stopping)
          .catch((err) => this.logger.error(`sync of ${state._id} crashed: ${err}`))
          .finally(() => this.running.delete(run));
        this.running.add(run);
      }
    } catch (err) {
      this.logger.warn(`scheduler tick failed: ${err}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Running syncs stop after their current page and hand the sync back (no lease has to lapse). */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }
}
