import { ConsoleLogger, Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { KafkaAdmin } from '../kafka/kafka-admin';
import { consumerGroupId, kafkaClientConfig } from '../kafka/kafka-client-options';
import { ConsumerHealth } from '../kafka/consumer-health';
import { KafkaBatchServer } from '../kafka/kafka-batch-server';
import { strictValidationPipe } from '../http/validation-pipe';

export interface BootstrapOptions {
  /** Start a Kafka consumer for the module's @EventPattern handlers. */
  consumer?: { partitionsConsumedConcurrently?: number };
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

  if (config.KAFKA_CREATE_TOPICS) await app.get(KafkaAdmin).ensureTopics();
  if (options.consumer) {
    app.connectMicroservice({
      strategy: new KafkaBatchServer({
        postfixId: '',
        client: kafkaClientConfig(`${config.name}-consumer`, config.KAFKA_BROKERS),
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
    await app.startAllMicroservices();
  }
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(`${config.name} listening on ${await app.getUrl()}`);
  return app;
}
