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
