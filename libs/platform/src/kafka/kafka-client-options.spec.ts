import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { kafkaClientConfig, kafkaSecurityFromEnv } from './kafka-client-options';
import { PRODUCER_OPTIONS } from './producer-options';

const dir = mkdtempSync(join(tmpdir(), 'kafka-options-'));
const file = (name: string, body: string) => {
  writeFileSync(join(dir, name), body);
  return join(dir, name);
};
const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
const cert = file('user.crt', '-----BEGIN CERTIFICATE-----\nUSER\n-----END CERTIFICATE-----\n');
const key = file('user.key', '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
const plaintext = { KAFKA_BROKERS: ['b1:9092'], KAFKA_SSL: false };

describe('kafkaClientConfig', () => {
  it('a plaintext broker gets neither ssl nor sasl', () => {
    const config = kafkaClientConfig('svc-producer', plaintext);
    expect(config).toMatchObject({ clientId: 'svc-producer', brokers: ['b1:9092'] });
    expect(config).not.toHaveProperty('ssl');
    expect(config).not.toHaveProperty('sasl');
  });

  it('TLS with the CA file read, and SASL PLAIN', () => {
    const config = kafkaClientConfig('svc', { ...plaintext, KAFKA_SSL: true, KAFKA_SSL_CA_FILE: ca, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' });
    expect(config.ssl).toEqual({ ca: ['-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n'], rejectUnauthorized: true });
    expect(config.sasl).toEqual({ mechanism: 'plain', username: 'svc', password: 'pw' });
  });

  it('TLS against the system CAs, mutual TLS, and SCRAM', () => {
    expect(kafkaClientConfig('svc', { ...plaintext, KAFKA_SSL: true }).ssl).toBe(true);
    const mtls = kafkaClientConfig('svc', { ...plaintext, KAFKA_SSL: true, KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key });
    expect(mtls.ssl).toEqual({ cert: expect.stringContaining('USER'), key: expect.stringContaining('KEY'), rejectUnauthorized: true });
    const scram = kafkaClientConfig('svc', { ...plaintext, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' });
    expect(scram.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'svc', password: 'pw' });
  });

  it('kafkaSecurityFromEnv validates raw variables first', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual({
      ssl: { ca: [expect.stringContaining('CA')], rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' },
    });
    expect(kafkaSecurityFromEnv({})).toEqual({});
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_USERNAME: required/);
  });
});

describe('PRODUCER_OPTIONS', () => {
  it('make kafkajs build an idempotent producer', () => {
    expect(PRODUCER_OPTIONS).toMatchObject({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const producer = new Kafka({ brokers: ['127.0.0.1:1'], logLevel: 0 }).producer(PRODUCER_OPTIONS);
    expect(producer.isIdempotent()).toBe(true);
  });
});
