// kafkajs `ssl`/`sasl` from the services' variables (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*), for the
// plain-JS tools here (wait-ready.js, smoke.js), which cannot load libs/platform's TypeScript.
// The services validate the same variables with zod (libs/platform/src/kafka/kafka-security-env.schema.ts).
const { readFileSync } = require('node:fs');

function kafkaClientSecurity(env = process.env) {
  const security = {};
  if (env.KAFKA_SSL === 'true') {
    security.ssl = env.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8')], rejectUnauthorized: true } : true;
  }
  if (env.KAFKA_SASL_MECHANISM) {
    security.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD };
  }
  return security;
}

module.exports = { kafkaClientSecurity };
