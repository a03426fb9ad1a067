// Smoke test of the local infrastructure (tools/infra/infra.sh): exercises what the services rely on
// in Kafka (kafkajs) and in the MongoDB-wire server (mongoose), and reports timings.
//   eval "$(bash tools/infra/infra.sh up)" && node tools/infra/smoke.js
// Env: SMOKE_MESSAGES (1000), SMOKE_BULK (5000). Exit code 0 only when every check passed.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const { Kafka, logLevel } = require('kafkajs');
const mongoose = require('mongoose');
const { kafkaClientSecurity } = require('./kafka-client-security');

const MESSAGES = Number(process.env.SMOKE_MESSAGES || 1000);
const BULK = Number(process.env.SMOKE_BULK || 5000);
const run = `smoke-${Date.now()}`;
const results = [];
const failures = [];

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const info = await fn();
    const ms = Date.now() - t0;
    results.push({ step: name, ms, ...(info || {}) });
    console.log(`ok   ${name} (${ms} ms)${info ? ' ' + JSON.stringify(info) : ''}`);
    return info;
  } catch (err) {
    failures.push(name);
    console.log(`FAIL ${name} (${Date.now() - t0} ms): ${err && err.stack ? err.stack : err}`);
    return undefined;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function kafkaSmoke() {
  const kafka = new Kafka({
    ...kafkaClientSecurity(),
    clientId: run,
    brokers: process.env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.ERROR,
  });
  const topic = `${run}.events`;
  const admin = kafka.admin();
  await step('kafka: admin connect + describeCluster', async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  });
  await step('kafka: create topic with 3 partitions', async () => {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    assert(created, 'createTopics returned false');
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = meta.topics[0].partitions.length;
    assert(partitions === 3, `expected 3 partitions, got ${partitions}`);
    return { topic, partitions };
  });

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await step(`kafka: produce ${MESSAGES} keyed messages`, async () => {
    await producer.connect();
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `contact-${i % 97}`,
      value: JSON.stringify({ i, at: Date.now() }),
    }));
    for (let i = 0; i < messages.length; i += 250) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 250) });
    }
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    assert(total === MESSAGES, `expected ${MESSAGES} messages in the topic, offsets say ${total}`);
    return { perPartition: offsets.map((p) => Number(p.high)) };
  });

  const groupId = `${run}.group`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  await step(`kafka: consume all ${MESSAGES} in a consumer group`, async () => {
    const seen = new Set();
    const byPartition = {};
    let joinedAt;
    consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt = joinedAt || Date.now()));
    const t0 = Date.now();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.size}/${MESSAGES} consumed after 60 s`)), 60000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            seen.add(JSON.parse(message.value.toString()).i);
            byPartition[partition] = (byPartition[partition] || 0) + 1;
            if (seen.size === MESSAGES) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return { joinMs: joinedAt ? joinedAt - t0 : null, byPartition };
  });
  await step('kafka: consumer disconnect (clean leave) + committed offsets', async () => {
    await consumer.disconnect();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const sum = committed[0].partitions.reduce((n, p) => n + Number(p.offset), 0);
    assert(sum === MESSAGES, `committed offsets sum to ${sum}`);
    const groups = await admin.describeGroups([groupId]);
    return { committed: sum, groupStateAfterLeave: groups.groups[0].state };
  });
  await step('kafka: delete topic', async () => {
    await admin.deleteTopics({ topics: [topic] });
  });
  await admin.disconnect();
}

async function mongoSmoke() {
  const dbName = run.replace(/-/g, '_');
  const conn = mongoose.createConnection(process.env.MONGODB_URI, {
    dbName,
    monitorCommands: true,
    serverSelectionTimeoutMS: 5000,
  });
  const started = [];
  await conn.asPromise();
  conn.getClient().on('commandStarted', (ev) => started.push(ev.commandName));

  const Person = conn.model(
    'Person',
    new mongoose.Schema(
      {
        companyId: { type: String, required: true },
        externalId: { type: String, required: true },
        name: String,
        email: String,
        version: Number,
        createdBy: String,
      },
      { timestamps: true, autoIndex: false },
    ),
    'persons',
  );
  Person.schema.index({ companyId: 1, externalId: 1 }, { unique: true, name: 'company_external_unique' });

  await step('mongo: server info (hello, buildInfo)', async () => {
    const admin = conn.db.admin();
    const hello = await conn.db.command({ hello: 1 });
    const build = await admin.buildInfo();
    return { maxWireVersion: hello.maxWireVersion, version: build.version, ferretdb: build.ferretdb ? build.ferretdb.version || true : undefined };
  });
  await step('mongo: serverStatus', async () => {
    const s = await conn.db.admin().serverStatus();
    return { keys: Object.keys(s).slice(0, 12), hasConnections: !!s.connections, hasOpcounters: !!s.opcounters };
  });
  await step('mongo: create unique compound index', async () => {
    await Person.createIndexes();
    const idx = await Person.collection.indexes();
    const unique = idx.find((i) => i.name === 'company_external_unique');
    assert(unique && unique.unique, 'unique index missing: ' + JSON.stringify(idx));
    return { indexes: idx.map((i) => `${i.name}${i.unique ? ' (unique)' : ''}`) };
  });
  await step('mongo: findOneAndUpdate upsert with $setOnInsert/$set (insert, then update)', async () => {
    const filter = { companyId: 'c1', externalId: 'x1' };
    const first = await Person.findOneAndUpdate(
      filter,
      { $set: { name: 'Ada', version: 1 }, $setOnInsert: { createdBy: 'sync' } },
      { upsert: true, new: true },
    ).lean();
    const second = await Person.findOneAndUpdate(
      filter,
      { $set: { name: 'Ada Lovelace', version: 2 }, $setOnInsert: { createdBy: 'SHOULD-NOT-APPEAR' } },
      { upsert: true, new: true },
    ).lean();
    assert(String(first._id) === String(second._id), 'second upsert made a new document');
    assert(second.createdBy === 'sync' && second.name === 'Ada Lovelace', 'wrong result ' + JSON.stringify(second));
    return { createdBy: second.createdBy, name: second.name };
  });
  const ops = (n, v) =>
    Array.from({ length: n }, (_, i) => ({
      updateOne: {
        filter: { companyId: 'c2', externalId: `e${i}` },
        update: { $set: { name: `Person ${i}`, email: `p${i}@example.com`, version: v }, $setOnInsert: { createdBy: 'bulk' } },
        upsert: true,
      },
    }));
  await step(`mongo: bulkWrite ${BULK} updateOne upserts (all inserts)`, async () => {
    const r = await Person.bulkWrite(ops(BULK, 1));
    assert(r.upsertedCount === BULK, `upsertedCount ${r.upsertedCount}`);
    return { upserted: r.upsertedCount, matched: r.matchedCount };
  });
  await step(`mongo: bulkWrite ${BULK} updateOne upserts (all matches), ordered:false`, async () => {
    const r = await Person.bulkWrite(ops(BULK, 2), { ordered: false });
    assert(r.matchedCount === BULK && r.upsertedCount === 0, `matched ${r.matchedCount} upserted ${r.upsertedCount}`);
    return { matched: r.matchedCount, modified: r.modifiedCount };
  });
  await step('mongo: duplicate key on the unique index → E11000', async () => {
    try {
      await Person.create({ companyId: 'c1', externalId: 'x1', name: 'dup' });
    } catch (err) {
      assert(err.code === 11000, `expected code 11000, got ${err.code}: ${err.message}`);
      return { code: err.code, message: err.message.slice(0, 120) };
    }
    throw new Error('no duplicate-key error');
  });
  await step('mongo: countDocuments', async () => {
    const all = await Person.countDocuments({});
    const c2 = await Person.countDocuments({ companyId: 'c2', version: 2 });
    assert(all === BULK + 1 && c2 === BULK, `counts ${all}, ${c2}`);
    return { all, c2 };
  });
  await step('mongo: indexed find + explain', async () => {
    const t0 = Date.now();
    const doc = await Person.findOne({ companyId: 'c2', externalId: `e${BULK - 1}` }).lean();
    const findMs = Date.now() - t0;
    assert(doc && doc.name === `Person ${BULK - 1}`, 'indexed find returned ' + JSON.stringify(doc));
    const plan = await Person.find({ companyId: 'c2', externalId: `e${BULK - 1}` }).explain('queryPlanner');
    const p = Array.isArray(plan) ? plan[0] : plan;
    return {
      findMs,
      explainKeys: Object.keys(p),
      pushdown: p.filterPushdown ?? p.pushdown,
      winningPlan: JSON.stringify(p.queryPlanner && (p.queryPlanner.winningPlan || p.queryPlanner)).slice(0, 300),
    };
  });
  await step('mongo: command monitoring (commandStarted events)', async () => {
    assert(started.length > 0, 'no commandStarted events');
    const counts = started.reduce((m, c) => ((m[c] = (m[c] || 0) + 1), m), {});
    return { events: started.length, commands: counts };
  });
  await step('mongo: drop database', async () => {
    await conn.db.dropDatabase();
  });
  await conn.close();
}

async function main() {
  assert(process.env.KAFKA_BROKERS && process.env.MONGODB_URI, 'KAFKA_BROKERS and MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh up)")');
  const t0 = Date.now();
  await kafkaSmoke();
  await mongoSmoke();
  console.log(`${failures.length ? 'FAILED: ' + failures.join('; ') : 'all checks passed'} (${Date.now() - t0} ms)`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  console.log(`FAIL ${err.stack || err}`);
  process.exit(1);
});
