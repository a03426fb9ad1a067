// Waits until Kafka answers an admin client (connect, listTopics, group coordinator) and the MongoDB-wire server
// answers `ping` (used by tools/infra/infra.sh up).
//   KAFKA_BROKERS=… MONGODB_URI=… [INFRA_WAIT_PIDS="kafka=123 ferretdb=456"] [INFRA_WAIT_ONLY=kafka,mongodb]
//   node wait-ready.js [timeoutMs]
// Fails at once when a listed process exits, otherwise after the timeout, with the last error.
const { Kafka, logLevel } = require('kafkajs');
const mongoose = require('mongoose');
const { kafkaClientSecurity } = require('./kafka-client-security');

const timeoutMs = Number(process.argv[2] || 120000);
const deadline = Date.now() + timeoutMs;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const watched = (process.env.INFRA_WAIT_PIDS || '')
  .split(/\s+/)
  .filter(Boolean)
  .map((entry) => entry.split('='));

const PROCESS_OF = { kafka: 'kafka', mongodb: 'ferretdb' };

function deadProcess(component) {
  for (const [name, pid] of watched) {
    if (name !== PROCESS_OF[component]) continue;
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
    const dead = deadProcess(name);
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
    ...kafkaClientSecurity(),
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
    // Finding a group coordinator makes a new broker create __consumer_offsets now, so the
    // services' first consumer join does not meet "group coordinator not available".
    await admin.describeGroups(['infra-wait-ready']);
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

const COMPONENTS = { kafka: { bit: 1, probe: kafkaProbe }, mongodb: { bit: 2, probe: mongoProbe } };

async function main() {
  // All at once: Kafka's JVM and FerretDB start in parallel.
  const names = (process.env.INFRA_WAIT_ONLY || 'kafka,mongodb').split(',').filter(Boolean);
  const results = await Promise.allSettled(names.map((name) => until(name, COMPONENTS[name].probe)));
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      console.error(`[infra] ${r.reason.message}`);
      failed |= COMPONENTS[names[i]].bit;
    }
  });
  return failed;
}

// Exit code: 0 when all answered, else a bit mask of the failed ones (1 kafka, 2 mongodb).
main().then(
  (failed) => process.exit(failed),
  (err) => {
    console.error(`[infra] ${err.message}`);
    process.exit(3);
  },
);
