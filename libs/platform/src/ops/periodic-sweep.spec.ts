import { PeriodicSweep } from './periodic-sweep';

class CountingSweep extends PeriodicSweep<number> {
  protected readonly intervalMs = 60_000;
  runs = 0;
  release?: () => void;
  protected async sweepOnce(): Promise<number> {
    this.runs += 1;
    await new Promise<void>((resolve) => (this.release = resolve));
    return this.runs;
  }
}

describe('PeriodicSweep', () => {
  it('never runs two sweeps at once: a call during a sweep joins it; the next call starts a new one', async () => {
    const s = new CountingSweep();
    const a = s.sweep();
    const b = s.sweep();
    s.release?.();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    const c = s.sweep();
    s.release?.();
    expect(await c).toBe(2);
  });

  it('waits for a running sweep at shutdown', async () => {
    const s = new CountingSweep();
    s.onApplicationBootstrap();
    const running = s.sweep();
    let stopped = false;
    const stop = s.onApplicationShutdown().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    s.release?.();
    await running;
    await stop;
    expect(stopped).toBe(true);
  });
});
