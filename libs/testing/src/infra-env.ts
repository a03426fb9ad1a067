/** The broker and database the project's scripts started (tools/infra/infra.sh), or external ones. */
export interface InfraEnv {
  kafkaBrokers: string;
  mongoUri: string;
}

export function requireInfraEnv(): InfraEnv {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  const mongoUri = process.env.MONGODB_URI;
  if (!kafkaBrokers || !mongoUri) {
    throw new Error('KAFKA_BROKERS and MONGODB_URI must be set: run through `npm test` (it starts tools/infra/infra.sh), or export them.');
  }
  return { kafkaBrokers, mongoUri };
}
