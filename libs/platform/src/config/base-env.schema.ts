import { z } from 'zod';
import { kafkaSecurityEnvSchema } from '../kafka/kafka-security-env.schema';

/**
 * Where the brokers are and how to reach them (TLS, SASL): what any Kafka client of the project
 * needs, the services and the ops scripts alike (dlt-replay).
 */
export const kafkaConnectionEnvSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .min(1, 'KAFKA_BROKERS is required, e.g. 127.0.0.1:19092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
}).merge(kafkaSecurityEnvSchema);

export type KafkaConnectionEnv = z.infer<typeof kafkaConnectionEnvSchema>;

/**
 * Settings every service has. Each app extends this schema with its own. The Kafka security rules
 * between fields (`checkKafkaSecurityEnv`) are applied by PlatformModule to every service's schema.
 */
export const baseEnvSchema = kafkaConnectionEnvSchema.extend({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must be a mongodb:// URI'),
  /** Database name; defaults to one per service (each service owns its data). */
  MONGODB_DB: z.string().optional(),
  /** Prefix for topic and consumer-group names, to isolate environments sharing a broker. */
  TOPIC_NAMESPACE: z.string().regex(/^[a-zA-Z0-9._-]*$/).default(''),
  /** Create missing topics at start-up (local and test); production defines topics in k8s/. */
  KAFKA_CREATE_TOPICS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
