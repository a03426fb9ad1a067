import { KafkaJSNonRetriableError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { explainKafkaStartError } from './kafka-start-error';

const env = { KAFKA_BROKERS: ['b1:9093'], KAFKA_SSL: true, KAFKA_SSL_CA_FILE: '/etc/kafka/ca.crt', KAFKA_SASL_MECHANISM: 'scram-sha-512' as const, KAFKA_SASL_USERNAME: 'contact-sync-ingest', KAFKA_SASL_PASSWORD: 'secret' };

describe('explainKafkaStartError', () => {
  it('names the settings behind a refused login, never the password', () => {
    const err = explainKafkaStartError(new KafkaJSSASLAuthenticationError('SASL SCRAM SHA512 authentication failed: invalid credentials'), env) as Error;
    expect(err.message).toMatch(/^Kafka at b1:9093 refused the credentials \(KAFKA_SASL_MECHANISM=scram-sha-512, KAFKA_SASL_USERNAME=contact-sync-ingest; check KAFKA_SASL_PASSWORD/);
    expect(err.message).not.toContain('secret');
  });

  it('names the CA file behind an untrusted certificate, also when wrapped', () => {
    const wrapped = Object.assign(new KafkaJSNonRetriableError('Connection error'), { cause: new Error('self-signed certificate in certificate chain') });
    expect((explainKafkaStartError(wrapped, env) as Error).message).toMatch(/the broker's TLS certificate is not trusted \(KAFKA_SSL_CA_FILE=\/etc\/kafka\/ca\.crt\): self-signed/);
  });

  it('returns other errors unchanged', () => {
    const other = new Error('Connection timeout');
    expect(explainKafkaStartError(other, env)).toBe(other);
  });
});
