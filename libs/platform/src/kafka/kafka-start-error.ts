import type { KafkaConnectionEnv } from '../config/base-env.schema';

/** Node's TLS verification failures: the broker's certificate is not trusted or not for its name. */
const TLS_TRUST = /certificate|self[- ]signed|unable to verify|altname|hostname\/ip does not match/i;

/** The error and the errors it wraps (kafkajs keeps the original as `cause` or `originalError`). */
function* chain(err: unknown): Generator<{ name?: string; message?: string }> {
  for (let e = err as { name?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    yield e;
    e = (e.cause ?? e.originalError) as typeof e;
  }
}

/**
 * Start-up errors of a Kafka client told in terms of our settings: kafkajs says "SASL SCRAM SHA512
 * authentication failed" or "self-signed certificate", not which variable to look at. Other errors
 * are returned unchanged.
 */
export function explainKafkaStartError(err: unknown, env: KafkaConnectionEnv): unknown {
  const original = err instanceof Error ? err.message : String(err);
  for (const e of chain(err)) {
    if (e.name === 'KafkaJSSASLAuthenticationError') {
      return new Error(
        `Kafka at ${env.KAFKA_BROKERS.join(',')} refused the credentials (KAFKA_SASL_MECHANISM=${env.KAFKA_SASL_MECHANISM ?? '(unset)'}, ` +
          `KAFKA_SASL_USERNAME=${env.KAFKA_SASL_USERNAME ?? '(unset)'}; check KAFKA_SASL_PASSWORD and the broker's user): ${e.message ?? original}`,
        { cause: err },
      );
    }
    if (env.KAFKA_SSL && e.message && TLS_TRUST.test(e.message)) {
      return new Error(
        `Kafka at ${env.KAFKA_BROKERS.join(',')}: the broker's TLS certificate is not trusted ` +
          `(KAFKA_SSL_CA_FILE=${env.KAFKA_SSL_CA_FILE ?? '(unset: system CAs)'}): ${e.message}`,
        { cause: err },
      );
    }
  }
  return err;
}
