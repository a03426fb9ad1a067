import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { requireInfraEnv } from '@contact-sync/testing';
import { QuarantinedRecord, QuarantinedRecordSchema } from '../quarantine/quarantined-record.schema';
import { QuarantineRepository } from '../quarantine/quarantine.repository';
import { ProviderShadow, ProviderShadowSchema } from '../shadow/provider-shadow.schema';
import { ShadowRepository } from '../shadow/shadow.repository';
import { SyncState, SyncStateSchema } from '../state/sync-state.schema';
import { SyncStateRepository } from '../state/sync-state.repository';

/** A real database of the shared infra, random per spec and dropped afterwards. */
export interface TestDb {
  connection: Connection;
  stateModel: Model<SyncState>;
  shadowModel: Model<ProviderShadow>;
  states: SyncStateRepository;
  shadows: ShadowRepository;
  quarantine: QuarantineRepository;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const { mongoUri } = requireInfraEnv();
  const connection = await mongoose.createConnection(mongoUri, { dbName: `ingest-spec-${randomUUID().slice(0, 8)}`, autoIndex: false, serverSelectionTimeoutMS: 5000 }).asPromise();
  const stateModel = connection.model(SyncState.name, SyncStateSchema);
  const shadowModel = connection.model(ProviderShadow.name, ProviderShadowSchema);
  // The unique key insertManyIdempotent relies on (IndexBuilder builds it in the service).
  const quarantineModel = connection.model(QuarantinedRecord.name, QuarantinedRecordSchema);
  await shadowModel.collection.createIndex({ accountId: 1, externalId: 1 }, { unique: true });
  return {
    connection,
    stateModel,
    shadowModel,
    states: new SyncStateRepository(stateModel),
    shadows: new ShadowRepository(shadowModel),
    quarantine: new QuarantineRepository(quarantineModel),
    close: async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
