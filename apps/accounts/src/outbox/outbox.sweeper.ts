import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxPublisher } from './outbox.publisher';

const SWEEP_INTERVAL_MS = 10_000;
/** The request path publishes at once; the sweeper takes only what it left behind (failed publish, crash). */
const GRACE_MS = 5_000;
const BATCH_ACCOUNTS = 50;

/** Publishes outbox events the request path could not (broker down, crash between write and publish). */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly publisher: OutboxPublisher) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.logger.warn(`outbox sweep failed: ${err}`)), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One bounded sweep; returns how many accounts' outboxes were emptied. */
  sweep(now = Date.now()): Promise<number> {
    this.running ??= this.sweepOnce(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepOnce(now: number): Promise<number> {
    let flushed = 0;
    for (const id of await this.publisher.due(new Date(now - GRACE_MS), BATCH_ACCOUNTS)) {
      if (await this.publisher.flush(id)) flushed += 1;
    }
    return flushed;
  }
}
