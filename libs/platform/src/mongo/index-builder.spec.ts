import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection } from 'mongoose';
import { declareIndex, indexSpec } from './engine-index';
import { detectEngine, IndexBuilder } from './index-builder';

describe('indexSpec', () => {
  const keys = { accountId: 1, externalId: 1 };
  const declared = { unique: true, background: true, contactSyncEngine: { documentdbOrdered: true } };

  it('never sends engine options (or mongoose-only ones) to a genuine MongoDB, which rejects unknown index options', () => {
    expect(indexSpec('mongodb', keys, declared)).toEqual({ key: keys, name: 'accountId_1_externalId_1', unique: true });
  });

  it('asks DocumentDB for a composite index when the declaration wants one', () => {
    expect(indexSpec('documentdb', keys, declared)).toEqual({ key: keys, name: 'accountId_1_externalId_1', unique: true, enableOrderedIndex: true });
    expect(indexSpec('documentdb', { personId: 1 }, { background: true })).toEqual({ key: { personId: 1 }, name: 'personId_1' });
  });
});

/** On the server `npm test` started (or MONGODB_URI): the indexes exist, as declared, before anything writes. */
describe('IndexBuilder on the real server', () => {
  let conn: Connection;
  const dbName = `index_builder_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI must be set: run through `npm test`');
    conn = await mongoose.createConnection(uri, { dbName, autoIndex: false }).asPromise();
  });
  afterAll(async () => {
    await conn.dropDatabase();
    await conn.close();
  });

  it('builds unique and engine-specific indexes, and a second build is a no-op', async () => {
    const schema = new Schema({ accountId: String, externalId: String, stage: String });
    declareIndex(schema, { accountId: 1, externalId: 1 }, { unique: true, documentdbOrdered: true });
    declareIndex(schema, { stage: 1 });
    const model = conn.model('Item', schema, 'items');
    const builder = new IndexBuilder(conn);
    await builder.onModuleInit();
    await builder.onModuleInit();

    const engine = await detectEngine(conn);
    expect(builder.engine).toBe(engine);
    const indexes = await model.collection.indexes();
    const unique = indexes.find((i) => i.name === 'accountId_1_externalId_1');
    expect(unique).toMatchObject({ key: { accountId: 1, externalId: 1 }, unique: true });
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'accountId_1_externalId_1', 'stage_1']);
    // DocumentDB reports the composite option back; MongoDB was never sent it.
    if (engine === 'documentdb') expect(unique).toMatchObject({ enableCompositeTerm: 1 });
    else expect(unique).not.toHaveProperty('enableOrderedIndex');

    await model.create({ accountId: 'a', externalId: 'x' });
    await expect(model.create({ accountId: 'a', externalId: 'x' })).rejects.toMatchObject({ code: 11000 });
    expect(await model.countDocuments({ accountId: 'a', externalId: 'x' })).toBe(1);
  });
});
