import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import type { ProviderKind, QuarantinedContact } from '@contact-sync/contact-model';
import type { SyncDirection, Visibility } from '@contact-sync/events';

export type AccountStatus = 'pending' | 'connected' | 'reconnect_needed' | 'disconnected';
export type SyncStatus = 'not_configured' | 'configured' | 'active' | 'paused';

@Schema({ _id: false })
export class SyncConfiguration {
  @Prop({ type: String, default: null }) groupId: string | null;
  @Prop({ type: String, default: null }) groupName: string | null;
  @Prop({ type: String, required: true }) direction: SyncDirection;
  @Prop({ type: String, required: true }) visibility: Visibility;
  @Prop({ type: Date, default: null }) confirmedAt: Date | null;
  /** Bumped at every start (confirmation); travels in sync.configured, contacts reports the version it applied. */
  @Prop({ type: Number, default: 0 }) configVersion: number;
}

/** An event recorded in the same update as the state change that produces it (transactional outbox). */
@Schema({ _id: false })
export class OutboxEntry {
  @Prop({ required: true }) eventId: string;
  @Prop({ type: Object, required: true }) event: Record<string, unknown>;
  @Prop({ required: true }) recordedAt: Date;
}

/** The provider grant revocation at disconnect: a failure does not block the disconnect, it is recorded. */
@Schema({ _id: false })
export class Revocation {
  @Prop({ type: String, required: true }) result: 'revoked' | 'not_supported' | 'failed' | 'no_token';
  @Prop({ type: String, default: null }) message: string | null;
  @Prop({ required: true }) at: Date;
}

/** Dashboard read model, fed by ingest's sync-run summaries. */
@Schema({ _id: false })
export class SyncDashboard {
  @Prop({ type: Date, default: null }) lastSyncAt: Date | null;
  @Prop({ type: String, default: null }) lastRunKind: string | null;
  @Prop({ type: String, default: null }) lastRunStatus: 'succeeded' | 'failed' | 'awaiting_confirmation' | null;
  @Prop({ type: Object, default: null }) lastError: { code: string; message: string } | null;
  @Prop({ type: Number, default: 0 }) contactsInSync: number;
  @Prop({ type: Number, default: 0 }) recentUpserts: number;
  @Prop({ type: Number, default: 0 }) recentDeletions: number;
  @Prop({ type: String, default: null }) lastSyncRunId: string | null;
  /** runSequence of the summary applied last: an older or equal one is ignored (stale-summary guard). */
  @Prop({ type: Number, default: null }) lastRunSequence: number | null;
  /** The last summary as ingest sent it (stats, quarantine samples, timing): the dashboard's provider side. */
  @Prop({ type: Object, default: null }) lastRun: StoredRunSummary | null;
  /** Contacts at the provider in scope after the last run that completed its listing. */
  @Prop({ type: Number, default: null }) providerTotal: number | null;
  @Prop({ type: Object, default: null }) quarantine: { count: number; samples: QuarantinedContact[] } | null;
  /** When the user last asked for a run (start, refresh); the dashboard says "syncing" until a run that started after it reports. */
  @Prop({ type: Date, default: null }) runRequestedAt: Date | null;
  /** Deletions held back for the user's answer; `decision` is set once the user answered. */
  @Prop({ type: Object, default: null }) heldDeletions: { count: number; runId: string; decision: 'confirm' | 'reject' | null } | null;
}

export interface StoredRunSummary {
  syncRunId: string;
  runSequence: number;
  configVersion: number;
  kind: string;
  status: 'succeeded' | 'failed' | 'awaiting_confirmation';
  startedAt: string;
  finishedAt: string;
  stats: { fetched: number; emitted: number; upserted: number; deleted: number; unchanged: number; inSync: number; quarantined: number; heldDeletions: number };
  error: { code: string; message: string } | null;
}

@Schema({ collection: 'accounts', timestamps: true })
export class Account {
  @Prop({ required: true }) companyId: string;
  @Prop({ required: true }) ownerUserId: string;
  @Prop({ type: String, required: true }) provider: ProviderKind;
  /** Lower-cased mailbox address the user named when connecting. */
  @Prop({ required: true }) email: string;
  @Prop({ type: String, required: true, default: 'pending' }) status: AccountStatus;
  /** AES-256-GCM ciphertexts bound to the account id (see TokenCipher); never logged, never in events. */
  @Prop({ type: String, default: null }) refreshTokenSealed: string | null;
  @Prop({ type: String, default: null }) accessTokenSealed: string | null;
  @Prop({ type: Date, default: null }) accessTokenExpiresAt: Date | null;
  /** Bumped on every token write; refreshes compare-and-set on it so a rotated token is never lost. */
  @Prop({ type: Number, default: 0 }) tokenVersion: number;
  @Prop({ type: String, default: null }) grantedScopes: string | null;
  @Prop({ type: Date, default: null }) connectedAt: Date | null;
  @Prop({ type: SyncConfiguration, default: null }) syncConfig: SyncConfiguration | null;
  @Prop({ type: String, default: 'not_configured' }) syncStatus: SyncStatus;
  @Prop({ type: SyncDashboard, default: () => ({}) }) dashboard: SyncDashboard;
  /** Events not yet known to be published, in order; the request path and the OutboxSweeper publish and pull them. */
  @Prop({ type: [OutboxEntry], default: [] }) outbox: OutboxEntry[];
  /** Per-account sweeper lease so one replica at a time publishes an account's outbox (keeps order). */
  @Prop({ type: Date, default: null }) outboxLeaseUntil: Date | null;
  @Prop({ type: Revocation, default: null }) revocation: Revocation | null;
  @Prop({ type: Date, default: null }) disconnectedAt: Date | null;
}

export type AccountDocument = HydratedDocument<Account>;
export const AccountSchema = SchemaFactory.createForClass(Account);

// GET /accounts: a user's accounts in their company.
AccountSchema.index({ companyId: 1, ownerUserId: 1 });
// Connecting the same mailbox again re-uses (reconnects) the account instead of duplicating it.
AccountSchema.index({ companyId: 1, ownerUserId: 1, provider: 1, email: 1 }, { unique: true });
// OutboxSweeper: accounts with unsent events.
AccountSchema.index({ 'outbox.recordedAt': 1 });
// ExpirySweeper: abandoned pending connections.
AccountSchema.index({ status: 1, updatedAt: 1 });
