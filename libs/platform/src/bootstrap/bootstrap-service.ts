import type { Server } from 'node:http';
import { ConsoleLogger, Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { KafkaAdmin } from '../kafka/kafka-admin';
import { consumerGroupId, kafkaClientConfig } from '../kafka/kafka-client-options';
import { ConsumerHealth } from '../kafka/consumer-health';
import { KafkaBatchServer } from '../kafka/kafka-batch-server';
import { strictValidationPipe } from '../http/validation-pipe';
import { buildOpenApiDocument, serveOpenApiDocument, type OpenApiService } from '../openapi/openapi-document';

export interface BootstrapOptions {
  /** Start a Kafka consumer for the module's @EventPattern handlers. */
  /**
   * `consumers`: Kafka consumers of the group in this process (default 1), each with its own fetch
   * loop over its share of the partitions. kafkajs fetches again only once every batch of the last
   * fetch is handled, so with one consumer the slowest handler delays every partition's next fetch.
   */
  consumer?: { partitionsConsumedConcurrently?: number; consumers?: number };
  /** Serve the OpenAPI document of the module's HTTP API at /openapi.json. */
  openApi?: OpenApiService;
}

/** Boots a service the same way everywhere: JSON logs, strict validation, topics, consumer, HTTP, graceful stop. */
export async function bootstrapService(appModule: Type<unknown>, options: BootstrapOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(appModule, { bufferLogs: true });
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.useLogger(
    new ConsoleLogger(config.name, config.LOG_FORMAT === 'json' ? { json: true, colors: false } : { timestamp: true }),
  );
  app.useGlobalPipes(strictValidationPipe());
  // On SIGTERM: stop consuming (offsets of finished messages are committed), close HTTP, then connections.
  app.enableShutdownHooks();
  if (options.openApi) serveOpenApiDocument(app, buildOpenApiDocument(app, options.openApi, [appModule]));

  if (config.KAFKA_CREATE_TOPICS) await app.get(KafkaAdmin).ensureTopics();
  if (options.consumer) {
    const count = options.consumer.consumers ?? 1;
    for (let i = 1; i <= count; i++) {
      app.connectMicroservice({
        strategy: new KafkaBatchServer({
          postfixId: '',
          client: kafkaClientConfig(count === 1 ? `${config.name}-consumer` : `${config.name}-consumer-${i}`, config.KAFKA_BROKERS),
          consumer: {
            groupId: consumerGroupId(config.name, config.TOPIC_NAMESPACE),
            sessionTimeout: 30_000,
            heartbeatInterval: 3_000,
            allowAutoTopicCreation: false,
            // Larger fetches give handlers bigger chunks: fewer bulk round trips per message.
            maxBytesPerPartition: 4 * 1024 * 1024,
          },
          subscribe: { fromBeginning: true },
          run: { partitionsConsumedConcurrently: options.consumer.partitionsConsumedConcurrently ?? 1 },
        }, app.get(ConsumerHealth)),
      });
    }
    await app.startAllMicroservices();
  }
  // Idle keep-alive connections outlive the clients' pools (undici keeps one the server's hint less a
  // second; Node's default is 5 s): the server then never closes a socket a service or a load
  // balancer is about to reuse, which fails that request with "other side closed".
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000; // must exceed keepAliveTimeout (Node's rule)
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(`${config.name} listening on ${await app.getUrl()}`);
  return app;
}
