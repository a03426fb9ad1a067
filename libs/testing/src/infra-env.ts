/** The broker and database the project's scripts started (tools/infra/infra.sh), or external ones. */
export interface InfraEnv {
  kafkaBrokers: string;
  mongoUri: string;
  /** How to reach a secured broker: KAFKA_SSL*, KAFKA_SASL_* as the services take them; none for plaintext. */
  kafkaClientEnv?: Record<string, string>;
}

/** The services' Kafka security variables (libs/platform kafka-security-env.schema.ts). */
const KAFKA_CLIENT_VARIABLE = /^KAFKA_(SSL|SASL_)/;

/** The Kafka security variables among `env`. */
export function kafkaClientEnvOf(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => KAFKA_CLIENT_VARIABLE.test(e[0]) && e[1] !== undefined));
}

export function requireInfraEnv(): InfraEnv {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  const mongoUri = process.env.MONGODB_URI;
  if (!kafkaBrokers || !mongoUri) {
    throw new Error('KAFKA_BROKERS and MONGODB_URI must be set: run through `npm test` (it starts tools/infra/infra.sh), or export them.');
  }
  return { kafkaBrokers, mongoUri, kafkaClientEnv: kafkaClientEnvOf(process.env) };
}
