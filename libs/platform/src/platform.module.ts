import { DynamicModule, Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import type { z } from 'zod';
import type { BaseEnv } from './config/base-env.schema';
import { SERVICE_CONFIG } from './config/service-config';
import { validateEnv } from './config/validate-env';
import { CONSUMER_HEALTH_SETTINGS, ConsumerHealth } from './kafka/consumer-health';
import { EventConsumerRunner } from './kafka/event-consumer-runner';
import { EventPublisher } from './kafka/event-publisher';
import { KafkaAdmin } from './kafka/kafka-admin';
import { kafkaClientConfig } from './kafka/kafka-client-options';
import { checkKafkaSecurityEnv } from './kafka/kafka-security-env.schema';
import { PRODUCER_OPTIONS } from './kafka/producer-options';
import { KAFKA_CLIENT } from './kafka/kafka-tokens';
import { HealthController } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health-indicator';
import { consumerHealthEnvSchema, READINESS_OPTIONS, type ReadinessOptions } from './health/health-options';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { mongooseOptions } from './mongo/mongo-connection';
import { IndexBuilder } from './mongo/index-builder';
import { ActorGuard } from './http/actor.guard';
import { ActorTokenVerifier } from './http/actor-token.verifier';
import { DeadLetterRecord, DeadLetterRecordSchema } from './dead-letters/dead-letter.schema';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';

export interface PlatformOptions<S extends z.ZodType<BaseEnv, z.ZodTypeDef, unknown>> {
  /** Service name: client id, consumer group, default database, log context. */
  name: string;
  envSchema: S;
  /**
   * Require a signed acting-user token (`Authorization: Bearer <jwt>`) on every HTTP route not
   * marked `@Public()`. The env schema must include `actorTokenEnvSchema`.
   */
  actorAuth?: boolean;
  /** What readiness waits for besides MongoDB (default: the broker and the consumers too). */
  readiness?: Partial<ReadinessOptions>;
}

/**
 * Everything a service needs from the platform: validated config, MongoDB, Kafka producer and
 * consumer runner, health and metrics endpoints, and (`actorAuth`) the acting-user token guard.
 * Config is validated here, when the module is built, so a misconfigured service never starts.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*any}', method: RequestMethod.ALL });
  }

  static forService<S extends z.ZodType<BaseEnv, z.ZodTypeDef, unknown>>(options: PlatformOptions<S>): DynamicModule {
    // The Kafka security rules hold for every service, whatever its own schema adds.
    const config = { ...validateEnv(options.envSchema.superRefine(checkKafkaSecurityEnv)), name: options.name };
    const metrics = new Metrics();
    const { CONSUMER_STUCK_AFTER_MS } = validateEnv(consumerHealthEnvSchema);
    const actorAuth: Provider[] = [];
    if (options.actorAuth) {
      if (!('ACTOR_JWT_ALGORITHM' in config)) {
        throw new Error(`${options.name}: actorAuth needs actorTokenEnvSchema merged into the env schema`);
      }
      actorAuth.push(ActorTokenVerifier, { provide: APP_GUARD, useClass: ActorGuard });
    }
    return {
      module: PlatformModule,
      imports: [
        TerminusModule,
        MongooseModule.forRootAsync({ useFactory: () => mongooseOptions(config, metrics) }),
        // Every consuming service records its dead letters in its own database (dashboard counts, replay).
        MongooseModule.forFeature([{ name: DeadLetterRecord.name, schema: DeadLetterRecordSchema }]),
        ClientsModule.register([
          {
            name: KAFKA_CLIENT,
            transport: Transport.KAFKA,
            options: {
              client: kafkaClientConfig(`${options.name}-producer`, config),
              producerOnlyMode: true,
              producer: PRODUCER_OPTIONS,
            },
          },
        ]),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: Metrics, useValue: metrics },
        { provide: READINESS_OPTIONS, useValue: { kafka: true, ...options.readiness } satisfies ReadinessOptions },
        { provide: CONSUMER_HEALTH_SETTINGS, useValue: { stuckAfterMs: CONSUMER_STUCK_AFTER_MS } },
        KafkaAdmin,
        KafkaHealthIndicator,
        ConsumerHealth,
        EventPublisher,
        EventConsumerRunner,
        DeadLetterRepository,
        IndexBuilder,
        ...actorAuth,
      ],
      exports: [SERVICE_CONFIG, Metrics, ConsumerHealth, IndexBuilder, KafkaAdmin, EventPublisher, EventConsumerRunner, DeadLetterRepository, ClientsModule, ...(options.actorAuth ? [ActorTokenVerifier] : [])],
    };
  }
}
