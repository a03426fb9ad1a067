// Waits until Kafka answers an admin client (connect + listTopics) and the MongoDB-wire server
// answers `ping` (used by tools/infra/infra.sh up).
//   KAFKA_BROKERS=… MONGODB_URI=… [INFRA_WAIT_PIDS="kafka=123 ferretdb=456"] node wait-ready.js [timeoutMs]
// Fails at once when a listed process exits, otherwise after the timeout, with the last error.
const { Kafka, logLevel } = require('kafkajs');
const mongoose = require('mongoose');

const timeoutMs = Number(process.argv[2] || 120000);
const deadline = Date.now() + timeoutMs;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const watched = (process.env.INFRA_WAIT_PIDS || '')
  .split(/\s+/)
  .filter(Boolean)
  .map((entry) => entry.split('='));

function deadProcess() {
  for (const [name, pid] of watched) {
    try {
      process.kill(Number(pid), 0);
    } catch {
      return `${name} (pid ${pid}) exited`;
    }
  }
  return null;
}

async function until(name, probe) {
  const started = Date.now();
  let last;
  while (Date.now() < deadline) {
    const dead = deadProcess();
    if (dead) throw new Error(`${name} not ready: ${dead}`);
    try {
      await probe();
      console.error(`[infra] ${name} ready (${Date.now() - started} ms)`);
      return;
    } catch (err) {
      last = err;
      await sleep(250);
    }
  }
  throw new Error(`${name} not ready after ${timeoutMs} ms: ${last && last.message}`);
}

async function kafkaProbe() {
  const kafka = new Kafka({
    clientId: 'infra-wait-ready',
    brokers: process.env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function mongoProbe() {
  const conn = mongoose.createConnection(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 2000 });
  try {
    await conn.asPromise();
    await conn.db.admin().ping();
  } finally {
    await conn.close().catch(() => {});
  }
}

async function main() {
  // Both at once: Kafka's JVM and FerretDB start in parallel.
  await Promise.all([until('kafka', kafkaProbe), until('mongodb', mongoProbe)]);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[infra] ${err.message}`);
    process.exit(1);
  },
);
