import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A background sweep on a timer: started with the application, stopped (and awaited) at shutdown,
 * never two at once in one process (a slow sweep is not overlapped by the next tick). Subclasses
 * say how often and what one bounded sweep does; `sweep()` is public so tests can drive it.
 */
export abstract class PeriodicSweep<R> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly intervalMs: number;
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<R>;

  /** One bounded sweep. */
  protected abstract sweepOnce(now: number): Promise<R>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.logger.warn(`sweep failed: ${err}`)), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  sweep(now = Date.now()): Promise<R> {
    this.running ??= this.sweepOnce(now).finally(() => (this.running = undefined));
    return this.running;
  }
}

/** An outbox: what is due (recorded before `olderThan`), and publishing one entry (true when it is empty now). */
export interface Drainable {
  due(olderThan: Date, limit: number): Promise<string[]>;
  flush(id: string): Promise<boolean>;
}

/**
 * The sweep of an outbox whose request path publishes at once: it takes only what that path left
 * behind (a failed publish, a crash) once `graceMs` have passed, `batch` at a time. One entry's
 * failure (the broker still down) does not stop the others.
 */
export abstract class OutboxSweep extends PeriodicSweep<number> {
  protected abstract readonly outbox: Drainable;
  protected abstract readonly graceMs: number;
  protected abstract readonly batch: number;

  /** Returns how many entries were emptied. */
  protected async sweepOnce(now: number): Promise<number> {
    let flushed = 0;
    for (const id of await this.outbox.due(new Date(now - this.graceMs), this.batch)) {
      if (await this.outbox.flush(id).catch((err) => (this.logger.warn(`${id}: ${err}`), false))) flushed += 1;
    }
    return flushed;
  }
}
