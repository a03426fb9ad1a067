import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { logLevel } from 'kafkajs';
import type { KafkaConnectionEnv } from '../config/base-env.schema';
import { validateEnv } from '../config/validate-env';
import { checkKafkaSecurityEnv, kafkaSecurityEnvSchema, type KafkaSecurityEnv } from './kafka-security-env.schema';

/**
 * Common kafkajs settings of every client (producer, consumers, admin): the brokers, TLS and SASL
 * from the environment, short connection timeouts so readiness fails fast, bounded retries.
 */
export function kafkaClientConfig(clientId: string, env: KafkaConnectionEnv): KafkaConfig {
  return {
    clientId,
    brokers: env.KAFKA_BROKERS,
    ...kafkaSecurityConfig(env),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8 },
    logLevel: logLevel.WARN,
  };
}

/**
 * kafkajs `ssl` and `sasl` from validated settings (kafka-security-env.schema.ts). The PEM files are
 * read here, when a client's configuration is built (at start-up): a renewed CA or client
 * certificate is used after a restart (docs/deployment.md, "Renewals").
 */
export function kafkaSecurityConfig(env: KafkaSecurityEnv): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const config: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (env.KAFKA_SSL) {
    const read = (path: string) => readFileSync(path, 'utf8');
    const files = {
      ...(env.KAFKA_SSL_CA_FILE ? { ca: [read(env.KAFKA_SSL_CA_FILE)] } : {}),
      ...(env.KAFKA_SSL_CERT_FILE && env.KAFKA_SSL_KEY_FILE ? { cert: read(env.KAFKA_SSL_CERT_FILE), key: read(env.KAFKA_SSL_KEY_FILE) } : {}),
    };
    // `true` verifies the broker against Node's trusted CAs; the broker's certificate is always verified.
    config.ssl = Object.keys(files).length > 0 ? { ...files, rejectUnauthorized: true } : true;
  }
  if (env.KAFKA_SASL_MECHANISM) {
    if (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD) {
      throw new Error(`KAFKA_SASL_MECHANISM ${env.KAFKA_SASL_MECHANISM} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
    }
    config.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD } as SASLOptions;
  }
  return config;
}

/** The same from raw variables, validated (scripts and test helpers that build their own clients). */
export function kafkaSecurityFromEnv(env: Record<string, unknown> = process.env): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return kafkaSecurityConfig(validateEnv(kafkaSecurityEnvSchema.superRefine(checkKafkaSecurityEnv), env));
}

/** Consumer group of a service: namespaced like the topics. */
export function consumerGroupId(service: string, namespace: string): string {
  return namespace ? `${namespace}.contact-sync.${service}` : `contact-sync.${service}`;
}
