import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { requireInfraEnv } from '@contact-sync/testing';
import { WritebackState, WritebackStateSchema } from './writeback-state.schema';
import { WritebackStateRepository } from './writeback-state.repository';

describe('WritebackStateRepository on the real database', () => {
  let conn: Connection;
  let repo: WritebackStateRepository;
  const result = (personVersion: number) => ({
    personId: 'p1', provider: 'google' as const, personVersion, outcome: 'deleted' as const, externalId: null, etag: null, contact: null,
    providerUpdatedAt: null, merged: [], notSynced: [], error: null,
  });

  beforeEach(async () => {
    conn = await mongoose.createConnection(requireInfraEnv().mongoUri, { dbName: `writeback_state_${randomUUID().slice(0, 8)}` }).asPromise();
    repo = new WritebackStateRepository(conn.model(WritebackState.name, WritebackStateSchema));
  });
  afterEach(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('never moves backwards: an older version recorded after a newer one changes nothing', async () => {
    await repo.record('a1', 'p1', 3, { externalId: 'people/c3', etag: 'e3', pendingResult: result(3) });
    await repo.record('a1', 'p1', 2, { externalId: 'people/c2', etag: 'e2', pendingResult: result(2) });
    expect(await repo.get('a1', 'p1')).toMatchObject({ lastVersion: 3, externalId: 'people/c3', etag: 'e3', pendingResult: { personVersion: 3 } });
  });

  it('keeps the result until it is reported, and only for the version reported', async () => {
    await repo.record('a1', 'p1', 1, { pendingResult: result(1) });
    await repo.record('a1', 'p1', 2, { pendingResult: result(2) });
    await repo.reported('a1', 'p1', 1);
    expect((await repo.get('a1', 'p1'))?.pendingResult?.personVersion).toBe(2);
    await repo.reported('a1', 'p1', 2);
    expect((await repo.get('a1', 'p1'))?.pendingResult).toBeNull();
    expect(await repo.get('a1', 'other')).toBeNull();
  });
});
