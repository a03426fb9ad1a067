import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseEnvSchema } from '../config/base-env.schema';
import { validateEnv } from '../config/validate-env';
import { checkKafkaSecurityEnv } from './kafka-security-env.schema';

const schema = baseEnvSchema.superRefine(checkKafkaSecurityEnv);
const base = { PORT: '0', KAFKA_BROKERS: 'b1:9093', MONGODB_URI: 'mongodb://x/' };
const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'ca.txt');
writeFileSync(notPem, 'hello');

describe('Kafka security settings', () => {
  it('default to plaintext without authentication; empty values count as unset', () => {
    const env = validateEnv(schema, { ...base, KAFKA_SSL: '', KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' });
    expect(env).toMatchObject({ KAFKA_SSL: false, KAFKA_SASL_MECHANISM: undefined, KAFKA_SASL_USERNAME: undefined });
  });

  it('take TLS with a CA file and each SASL mechanism with its credentials', () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512']) {
      const env = validateEnv(schema, { ...base, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: pem, KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' });
      expect(env).toMatchObject({ KAFKA_SSL: true, KAFKA_SSL_CA_FILE: pem, KAFKA_SASL_MECHANISM: mechanism });
    }
  });

  it('refuse half a SASL configuration, naming each variable', () => {
    expect(() => validateEnv(schema, { ...base, KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(
      /KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is scram-sha-512\n.*KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is scram-sha-512/,
    );
    expect(() => validateEnv(schema, { ...base, KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toThrow(/KAFKA_SASL_USERNAME: set only with KAFKA_SASL_MECHANISM \(plain \| scram-sha-256 \| scram-sha-512\)/);
    expect(() => validateEnv(schema, { ...base, KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toThrow(/KAFKA_SASL_MECHANISM: Invalid enum value. Expected 'plain' \| 'scram-sha-256' \| 'scram-sha-512'/);
  });

  it('refuse certificates without TLS, unreadable or non-PEM files, and half a client certificate', () => {
    expect(() => validateEnv(schema, { ...base, KAFKA_SSL_CA_FILE: pem })).toThrow(/KAFKA_SSL_CA_FILE: set only with KAFKA_SSL=true/);
    expect(() => validateEnv(schema, { ...base, KAFKA_SSL: 'yes' })).toThrow(/KAFKA_SSL: Invalid enum value. Expected 'true' \| 'false'/);
    expect(() => validateEnv(schema, { ...base, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toThrow(/KAFKA_SSL_CA_FILE: cannot read .*missing\.pem/);
    expect(() => validateEnv(schema, { ...base, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem })).toThrow(/KAFKA_SSL_CA_FILE: .*ca\.txt is not a PEM file/);
    expect(() => validateEnv(schema, { ...base, KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: pem })).toThrow(/KAFKA_SSL_KEY_FILE: set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE together/);
  });
});
