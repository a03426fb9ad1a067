import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection } from 'mongoose';
import { IncompleteInsertError, insertManyIdempotent } from './insert-many-idempotent';

// Not libs/testing: it depends on platform (circular). Set by tools/infra/infra.sh.
const mongoUri = (): string => {
  if (!process.env.MONGODB_URI) throw new Error('MONGODB_URI must be set (eval "$(bash tools/infra/infra.sh up)")');
  return process.env.MONGODB_URI;
};

interface Item {
  key: string;
  n: number;
  tag?: string | null;
}
const itemSchema = new Schema<Item>(
  { key: { type: String, required: true, unique: true }, n: { type: Number, required: true, min: 0 }, tag: { type: String, default: null } },
  { timestamps: true },
);

describe('insertManyIdempotent (real database)', () => {
  let connection: Connection;
  const model = () => connection.model<Item>('Item', itemSchema);

  beforeAll(async () => {
    connection = await mongoose.createConnection(mongoUri(), { dbName: `test_insert_${randomUUID().slice(0, 8)}` }).asPromise();
    await model().init();
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('inserts everything and reports duplicates by index', async () => {
    await model().create({ key: 'dup', n: 1 });
    const duplicates = await insertManyIdempotent(model(), [{ key: 'a', n: 1 }, { key: 'dup', n: 2 }, { key: 'b', n: 3 }]);
    expect(duplicates).toEqual([1]);
    expect(await model().countDocuments({ key: { $in: ['a', 'b'] } })).toBe(2);
  });

  it('throws when a document fails validation instead of skipping it silently', async () => {
    await expect(insertManyIdempotent(model(), [{ key: 'c', n: 1 }, { key: 'bad', n: -5 }])).rejects.toThrow();
    expect(await model().countDocuments({ key: 'bad' })).toBe(0);
  });

  it('throws when a validation failure hides behind a duplicate in the same call', async () => {
    await model().create({ key: 'dup2', n: 1 });
    await expect(insertManyIdempotent(model(), [{ key: 'dup2', n: 1 }, { key: 'bad2', n: -1 }, { key: 'd', n: 1 }])).rejects.toThrow(IncompleteInsertError);
  });

  it('lean: inserts with the schema defaults and timestamps, and reports duplicates by index the same way', async () => {
    await model().create({ key: 'lean-dup', n: 1 });
    const duplicates = await insertManyIdempotent(model(), [{ key: 'lean-a', n: 1 }, { key: 'lean-dup', n: 2 }, { key: 'lean-b', n: 3, tag: 'x' }], { lean: true });
    expect(duplicates).toEqual([1]);
    const stored = await model().find({ key: { $in: ['lean-a', 'lean-b'] } }).sort({ key: 1 }).lean();
    expect(stored).toEqual([
      expect.objectContaining({ key: 'lean-a', n: 1, tag: null, createdAt: expect.any(Date), updatedAt: expect.any(Date) }),
      expect.objectContaining({ key: 'lean-b', n: 3, tag: 'x', createdAt: expect.any(Date) }),
    ]);
    expect(await model().findOne({ key: 'lean-dup' }).lean()).toMatchObject({ n: 1 });
  });
});
