import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { emptyContact } from '@contact-sync/contact-model';
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

  it('records many at once (a batch create), still never backwards, and reads them back in one query', async () => {
    await repo.record('a1', 'p2', 5, { externalId: 'people/c5', pendingResult: result(5) });
    await repo.recordMany('a1', [
      { personId: 'p1', version: 1, write: { externalId: 'people/c1', etag: 'e1', pendingResult: result(1) } },
      { personId: 'p2', version: 4, write: { externalId: 'people/older', pendingResult: result(4) } },
    ]);
    const known = await repo.getMany('a1', ['p1', 'p2', 'p3']);
    expect([known.get('p1')?.externalId, known.get('p2')?.externalId, known.get('p2')?.lastVersion, known.has('p3')]).toEqual(['people/c1', 'people/c5', 5, false]);
    await repo.reportedMany('a1', [{ personId: 'p1', version: 1 }, { personId: 'p2', version: 4 }]);
    const after = await repo.getMany('a1', ['p1', 'p2']);
    expect([after.get('p1')?.pendingResult, after.get('p2')?.pendingResult?.personVersion]).toEqual([null, 5]);
  });

  it('inserts the persons the caller found without a record; one that appeared meanwhile is upserted, never moved backwards', async () => {
    await repo.record('a1', 'p2', 5, { externalId: 'people/c5', pendingResult: result(5) });
    await repo.record('a1', 'p3', 1, { externalId: 'people/x3', pendingResult: result(1) });
    const writes = ['p1', 'p2', 'p3', 'p4'].map((personId) => ({ personId, version: 2, write: { externalId: `people/new-${personId}`, etag: 'e', pendingResult: result(2) } }));
    // p2 and p3 were absent when read: the insert collides and they take the upsert path.
    await repo.recordMany('a1', writes, new Set(['p1', 'p2', 'p3', 'p4']));
    const known = await repo.getMany('a1', ['p1', 'p2', 'p3', 'p4']);
    expect(['p1', 'p2', 'p3', 'p4'].map((p) => [known.get(p)?.lastVersion, known.get(p)?.externalId])).toEqual([
      [2, 'people/new-p1'], [5, 'people/c5'], [2, 'people/new-p3'], [2, 'people/new-p4'],
    ]);
    expect(known.get('p1')).toMatchObject({ deleted: false, base: null, pendingResult: { personVersion: 2 } });
  });

  it('stores a pending result\'s contact once when it is the base, and gives it back whole (single, insert and upsert paths)', async () => {
    const contact = { ...emptyContact(), name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' }, jobTitle: 'Analyst' };
    const created = (personId: string) => ({ ...result(1), personId, outcome: 'created' as const, externalId: `people/${personId}`, etag: 'e1', contact });
    await repo.record('a1', 'p1', 1, { externalId: 'people/p1', etag: 'e1', base: contact, pendingResult: created('p1') });
    await repo.recordMany('a1', ['p2', 'p3'].map((p) => ({ personId: p, version: 1, write: { externalId: `people/${p}`, etag: 'e1', base: contact, pendingResult: created(p) } })), new Set(['p2']));
    const raw = await conn.collection('writeback_states').find({}).toArray();
    expect(raw.map((d) => [d.personId, (d.pendingResult as Record<string, unknown>).contact, (d.pendingResult as Record<string, unknown>).contactIsBase])).toEqual([
      ['p1', undefined, true], ['p2', undefined, true], ['p3', undefined, true],
    ]);
    const known = await repo.getMany('a1', ['p1', 'p2', 'p3']);
    for (const p of ['p1', 'p2', 'p3']) expect(known.get(p)?.pendingResult).toEqual(created(p));
    expect((await repo.get('a1', 'p1'))?.pendingResult).toEqual(created('p1'));
    // A result whose contact is not the base (a failure keeps none) is stored as it is.
    await repo.record('a1', 'p4', 1, { pendingResult: result(1) });
    expect((await repo.get('a1', 'p4'))?.pendingResult).toEqual(result(1));
  });
});

