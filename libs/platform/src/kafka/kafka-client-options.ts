import type { KafkaConfig } from 'kafkajs';
import { logLevel } from 'kafkajs';

/** Common kafkajs settings: short connection timeouts so readiness fails fast, bounded retries. */
export function kafkaClientConfig(clientId: string, brokers: string[]): KafkaConfig {
  return {
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8 },
    logLevel: logLevel.WARN,
  };
}

/** Consumer group of a service: namespaced like the topics. */
export function consumerGroupId(service: string, namespace: string): string {
  return namespace ? `${namespace}.contact-sync.${service}` : `contact-sync.${service}`;
}
