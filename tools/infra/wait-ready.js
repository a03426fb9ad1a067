// Waits until the broker answers metadata requests and the database answers ping (tools/infra/infra.sh).
const { Kafka, logLevel } = require('kafkajs');
const mongoose = require('mongoose');

const timeoutMs = Number(process.argv[2] || 120000);
const deadline = Date.now() + timeoutMs;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(name, probe) {
  let last;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (err) {
      last = err;
      await sleep(500);
    }
  }
  throw new Error(`${name} not ready after ${timeoutMs} ms: ${last && last.message}`);
}

async function main() {
  await until('kafka', async () => {
    const admin = new Kafka({ clientId: 'infra-wait', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
    } finally {
      await admin.disconnect().catch(() => {});
    }
  });
  await until('mongodb', async () => {
    const conn = await mongoose.createConnection(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 2000 }).asPromise();
    try {
      await conn.db.admin().ping();
    } finally {
      await conn.close();
    }
  });
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
