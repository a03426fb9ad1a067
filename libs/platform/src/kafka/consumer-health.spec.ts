import { Metrics } from '../metrics/metrics';
import { ConsumerHealth } from './consumer-health';

/** A clock the test moves: stuck detection without waiting. */
function setup(stuckAfterMs = 60_000) {
  let now = 1_000_000;
  const metrics = new Metrics();
  const health = new ConsumerHealth(metrics, { stuckAfterMs }, () => now);
  const gauge = async (name: string) => Object.fromEntries(((await metrics.registry.getSingleMetric(name)?.get())?.values ?? []).map((v) => [v.labels.consumer, v.value]));
  return { health, metrics, gauge, advance: (ms: number) => (now += ms) };
}

describe('ConsumerHealth', () => {
  it('a chunk without progress for the limit makes its consumer stuck; progress and the end clear it', async () => {
    const { health, gauge, advance } = setup();
    health.running('c1');
    health.running('c2');
    const chunk = health.chunkStarted('c1');
    advance(59_999);
    expect(health.stuck).toBe(false);
    chunk.progress(); // a retry
    advance(59_999);
    expect(health.stuck).toBe(false);
    advance(1);
    expect(health.stuck).toBe(true);
    expect(health.details().consumers).toMatchObject({ c1: { stuck: true, stalledSeconds: 60, state: 'running' }, c2: { stuck: false, stalledSeconds: 0 } });
    expect(await gauge('contact_sync_kafka_consumer_stuck')).toEqual({ c1: 1, c2: 0 });
    expect(await gauge('contact_sync_kafka_consumer_stalled_seconds')).toEqual({ c1: 60, c2: 0 });
    chunk.finished();
    expect(health.stuck).toBe(false);
    expect(await gauge('contact_sync_kafka_consumer_stuck')).toEqual({ c1: 0, c2: 0 });
  });

  it('the oldest of several chunks in flight counts; one finishing does not hide another', () => {
    const { health, advance } = setup(10_000);
    const first = health.chunkStarted('c1');
    advance(5_000);
    const second = health.chunkStarted('c1');
    second.finished();
    advance(5_000);
    expect(health.consumerDetails('c1')).toMatchObject({ stuck: true, stalledSeconds: 10 });
    first.finished();
    expect(health.consumerDetails('c1').stuck).toBe(false);
  });

  it('a crash marks the consumer down until it rejoins, drops its abandoned chunks and counts', async () => {
    const { health, metrics, gauge, advance } = setup(1_000);
    health.running('c1');
    health.chunkStarted('c1');
    health.crashed('c1', new Error('coordinator gone'), 'service');
    advance(5_000);
    expect(health.details()).toMatchObject({ state: 'crashed', stuck: false, lastCrash: { message: 'Error: coordinator gone' } });
    expect(await gauge('contact_sync_kafka_consumer_up')).toEqual({ c1: 0 });
    health.running('c1');
    expect(health.state).toBe('running');
    expect(await gauge('contact_sync_kafka_consumer_up')).toEqual({ c1: 1 });
    const crashes = await metrics.registry.getSingleMetric('contact_sync_kafka_consumer_crashes_total')?.get();
    expect(crashes?.values).toEqual([expect.objectContaining({ labels: { restarted_by: 'service' }, value: 1 })]);
  });

  it('exports the age of the last heartbeat once there was one', async () => {
    const { health, gauge, advance } = setup();
    health.running('c1');
    expect(await gauge('contact_sync_kafka_consumer_heartbeat_age_seconds')).toEqual({});
    health.heartbeat('c1');
    advance(4_500);
    expect(await gauge('contact_sync_kafka_consumer_heartbeat_age_seconds')).toEqual({ c1: 4.5 });
  });
});
