import { accessSync, constants, readFileSync } from 'node:fs';
import { z } from 'zod';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** An empty value means unset: ConfigMaps and env files often carry `KEY=` for "not used here". */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/** A PEM file the process can read now: a wrong path fails at start-up, not at the first connection. */
const pemFile = (what: string) =>
  z.string().superRefine((path, ctx) => {
    try {
      accessSync(path, constants.R_OK);
      if (!readFileSync(path, 'utf8').includes('-----BEGIN ')) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${path} is not a PEM file (${what})` });
      }
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `cannot read ${path} (${what})` });
    }
  });

/**
 * How the services reach a secured broker (docs/configuration.md). Part of the base schema: every
 * Kafka client of every service (producer, consumers, admin) uses the same settings. The cross-field
 * rules are in `checkKafkaSecurityEnv`, which PlatformModule applies to every service's schema.
 */
export const kafkaSecurityEnvSchema = z.object({
  /** TLS to the brokers. Without a CA file the system's trusted CAs verify the broker. */
  KAFKA_SSL: z.preprocess(unsetIfEmpty, z.enum(['true', 'false']).default('false')).transform((v) => v === 'true'),
  /** PEM CA bundle that signed the brokers' certificates (Strimzi: the cluster CA secret's ca.crt). */
  KAFKA_SSL_CA_FILE: z.preprocess(unsetIfEmpty, pemFile('KAFKA_SSL_CA_FILE, the CA of the brokers').optional()),
  /** Client certificate and key, PEM, for mutual TLS (Strimzi `type: tls` users: user.crt, user.key). */
  KAFKA_SSL_CERT_FILE: z.preprocess(unsetIfEmpty, pemFile('KAFKA_SSL_CERT_FILE, the client certificate').optional()),
  KAFKA_SSL_KEY_FILE: z.preprocess(unsetIfEmpty, pemFile('KAFKA_SSL_KEY_FILE, the client private key').optional()),
  /** SASL authentication; unset means none. */
  KAFKA_SASL_MECHANISM: z.preprocess(unsetIfEmpty, z.enum(KAFKA_SASL_MECHANISMS).optional()),
  KAFKA_SASL_USERNAME: z.preprocess(unsetIfEmpty, z.string().optional()),
  KAFKA_SASL_PASSWORD: z.preprocess(unsetIfEmpty, z.string().optional()),
});

export type KafkaSecurityEnv = z.infer<typeof kafkaSecurityEnvSchema>;

/** The rules between the settings: half a configuration is a mistake, refused rather than guessed. */
export function checkKafkaSecurityEnv(env: KafkaSecurityEnv, ctx: z.RefinementCtx): void {
  const issue = (path: keyof KafkaSecurityEnv, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  if (env.KAFKA_SASL_MECHANISM) {
    if (!env.KAFKA_SASL_USERNAME) issue('KAFKA_SASL_USERNAME', `required when KAFKA_SASL_MECHANISM is ${env.KAFKA_SASL_MECHANISM}`);
    if (!env.KAFKA_SASL_PASSWORD) issue('KAFKA_SASL_PASSWORD', `required when KAFKA_SASL_MECHANISM is ${env.KAFKA_SASL_MECHANISM}`);
  } else {
    // Credentials without a mechanism would silently connect unauthenticated.
    for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (env[key]) issue(key, `set only with KAFKA_SASL_MECHANISM (${KAFKA_SASL_MECHANISMS.join(' | ')})`);
    }
  }
  if (!env.KAFKA_SSL) {
    // Certificates without TLS would silently connect in plaintext.
    for (const key of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
      if (env[key]) issue(key, 'set only with KAFKA_SSL=true');
    }
  }
  if (Boolean(env.KAFKA_SSL_CERT_FILE) !== Boolean(env.KAFKA_SSL_KEY_FILE)) {
    issue(env.KAFKA_SSL_CERT_FILE ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE', 'set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE together (mutual TLS), or neither');
  }
}
