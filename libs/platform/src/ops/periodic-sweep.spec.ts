import { OutboxSweep, PeriodicSweep, type Drainable } from './periodic-sweep';

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

class MemoryOutbox implements Drainable {
  asked?: { olderThan: Date; limit: number };
  constructor(private readonly failing: string) {}
  async due(olderThan: Date, limit: number) {
    this.asked = { olderThan, limit };
    return ['a', this.failing, 'c'];
  }
  async flush(id: string) {
    if (id === this.failing) throw new Error('broker down');
    return true;
  }
}

class TestOutboxSweep extends OutboxSweep {
  protected readonly intervalMs = 60_000;
  protected readonly graceMs = 5_000;
  protected readonly batch = 7;
  constructor(protected readonly outbox: MemoryOutbox) {
    super();
  }
}

describe('OutboxSweep', () => {
  it('takes what is older than the grace period, in batches, and one failing entry does not stop the others', async () => {
    const outbox = new MemoryOutbox('b');
    expect(await new TestOutboxSweep(outbox).sweep(100_000)).toBe(2);
    expect(outbox.asked).toEqual({ olderThan: new Date(95_000), limit: 7 });
  });
});
