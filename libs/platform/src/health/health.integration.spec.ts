import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { z } from 'zod';
import { createEvent, topicName, TOPICS, type TopicKey } from '@contact-sync/events';
import { bootstrapService } from '../bootstrap/bootstrap-service';
import { baseEnvSchema } from '../config/base-env.schema';
import { Public } from '../http/public.decorator';
import type { ConsumedBatch } from '../kafka/consumed-batch';
import { EventConsumerRunner } from '../kafka/event-consumer-runner';
import { topicFor } from '../kafka/topic-names';
import { PlatformModule } from '../platform.module';

jest.setTimeout(120_000);

/**
 * Health and metrics of a service booted the real way (bootstrapService, PlatformModule) on the real
 * broker and database: a hung handler fails liveness and shows in metrics; a service whose readiness
 * does not need Kafka stays ready without a broker; every HTTP request lands in the latency histogram.
 */
const infra = () => {
  const { KAFKA_BROKERS, MONGODB_URI } = process.env;
  if (!KAFKA_BROKERS || !MONGODB_URI) throw new Error('KAFKA_BROKERS and MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh env)")');
  return { kafkaBrokers: KAFKA_BROKERS, mongoUri: MONGODB_URI };
};

/** Polls until `check` passes (bounded): waits for convergence, asserts no timing. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** A port nothing listens on: a broker that is not there. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A metric line's value, by its name and exact labels, from /metrics text. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('health and metrics of a booted service', () => {
  const saved = { ...process.env };
  let app: INestApplication | undefined;
  const namespace = `hs${randomUUID().slice(0, 8)}`;
  const dbName = `health-spec-${randomUUID().slice(0, 8)}`;

  function useEnv(env: Record<string, string>): void {
    Object.assign(process.env, { HOST: '127.0.0.1', PORT: '0', LOG_FORMAT: 'json', MONGODB_DB: dbName, TOPIC_NAMESPACE: namespace, ...env });
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
  });

  afterAll(async () => {
    const { mongoUri, kafkaBrokers } = infra();
    const connection = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    const admin = new Kafka({ brokers: kafkaBrokers.split(','), clientId: 'health-spec-cleanup', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: (Object.keys(TOPICS) as TopicKey[]).map((k) => topicName(k, namespace)) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('a handler that hangs makes the consumer stuck: liveness fails and metrics show it, until it moves again', async () => {
    const { kafkaBrokers, mongoUri } = infra();
    useEnv({ KAFKA_BROKERS: kafkaBrokers, MONGODB_URI: mongoUri, KAFKA_CREATE_TOPICS: 'true', CONSUMER_STUCK_AFTER_MS: '1000' });
    let release!: () => void;
    const hang = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;

    @Controller()
    class HangingConsumer {
      constructor(private readonly runner: EventConsumerRunner) {}

      @EventPattern(topicFor('accountLifecycle'))
      handle(@Payload() batch: ConsumedBatch): Promise<void> {
        return this.runner.each('accountLifecycle', batch, async () => {
          await hang;
          handled++;
        });
      }
    }
    @Module({ imports: [PlatformModule.forService({ name: 'health-spec', envSchema: baseEnvSchema })], controllers: [HangingConsumer] })
    class HangingApp {}

    app = await bootstrapService(HangingApp, { consumer: {} });
    const url = await app.getUrl();
    expect((await get(`${url}/health/live`)).status).toBe(200);

    const producer = new Kafka({ brokers: kafkaBrokers.split(','), clientId: 'health-spec-producer', logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const event = createEvent('sync.paused', { companyId: 'co', accountId: 'acc' }, {});
    await producer.send({ topic: topicFor('accountLifecycle'), messages: [{ key: 'acc', value: JSON.stringify(event) }] });
    await producer.disconnect();

    const live = await until('liveness to fail', async () => {
      const res = await get(`${url}/health/live`);
      return res.status === 503 ? res : undefined;
    });
    expect(JSON.parse(live.body)).toMatchObject({ status: 'error', error: { consumer: { status: 'down', stuck: true, consumers: { 'health-spec-consumer': { stuck: true, state: 'running' } } } } });
    // Readiness does not restart anything: a stuck loop is liveness' business alone.
    expect((await get(`${url}/health/ready`)).status).toBe(200);
    const metrics = (await get(`${url}/metrics`)).body;
    expect(sample(metrics, 'contact_sync_kafka_consumer_stuck', 'consumer="health-spec-consumer"')).toBe(1);
    expect(sample(metrics, 'contact_sync_kafka_consumer_stalled_seconds', 'consumer="health-spec-consumer"')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'contact_sync_kafka_consumer_up', 'consumer="health-spec-consumer"')).toBe(1);
    expect(sample(metrics, 'contact_sync_kafka_broker_up', '')).toBe(1);
    expect(sample(metrics, 'contact_sync_http_request_duration_seconds_count', 'method="GET",route="/health/live",status_class="5xx"')).toBeGreaterThanOrEqual(1);

    release();
    await until('liveness to recover', async () => ((await get(`${url}/health/live`)).status === 200 ? true : undefined));
    expect(handled).toBe(1);
    expect(sample((await get(`${url}/metrics`)).body, 'contact_sync_kafka_consumer_stuck', 'consumer="health-spec-consumer"')).toBe(0);
  });

  it('readiness without Kafka: ready while the broker is unreachable, which dependencies and metrics show', async () => {
    const { mongoUri } = infra();
    useEnv({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, MONGODB_URI: mongoUri, KAFKA_CREATE_TOPICS: 'false' });

    @Public()
    @Controller('things')
    class Things {
      @Get(':id')
      one(@Param('id') id: string) {
        return { id };
      }
    }
    const envSchema = baseEnvSchema.merge(z.object({}));
    @Module({ imports: [PlatformModule.forService({ name: 'health-spec-api', envSchema, readiness: { kafka: false } })], controllers: [Things] })
    class ApiApp {}

    app = await bootstrapService(ApiApp);
    const url = await app.getUrl();
    const ready = await get(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ok', info: { mongodb: { status: 'up' } } });
    expect(JSON.parse(ready.body).info.kafka).toBeUndefined();
    const dependencies = await get(`${url}/health/dependencies`);
    expect(dependencies.status).toBe(503);
    expect(JSON.parse(dependencies.body)).toMatchObject({ error: { kafka: { status: 'down' } }, info: { mongodb: { status: 'up' } } });

    expect((await get(`${url}/things/42`)).status).toBe(200);
    expect((await get(`${url}/things/43`)).status).toBe(200);
    expect((await get(`${url}/nowhere/at/all`)).status).toBe(404);
    const metrics = (await get(`${url}/metrics`)).body;
    expect(sample(metrics, 'contact_sync_kafka_broker_up', '')).toBe(0);
    // One series for the template, whatever the ids; no raw path of an unmatched request.
    expect(sample(metrics, 'contact_sync_http_request_duration_seconds_count', 'method="GET",route="/things/:id",status_class="2xx"')).toBe(2);
    expect(sample(metrics, 'contact_sync_http_request_duration_seconds_count', 'method="GET",route="unmatched",status_class="4xx"')).toBe(1);
    expect(metrics).not.toContain('/things/42');
  });
});
