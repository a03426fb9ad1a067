import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import type { ProviderKind } from '@contact-sync/contact-model';
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
}

/** Dashboard read model, fed by ingest's sync-run summaries. */
@Schema({ _id: false })
export class SyncDashboard {
  @Prop({ type: Date, default: null }) lastSyncAt: Date | null;
  @Prop({ type: String, default: null }) lastRunKind: string | null;
  @Prop({ type: String, default: null }) lastRunStatus: 'succeeded' | 'failed' | null;
  @Prop({ type: Object, default: null }) lastError: { code: string; message: string } | null;
  @Prop({ type: Number, default: 0 }) contactsInSync: number;
  @Prop({ type: Number, default: 0 }) recentUpserts: number;
  @Prop({ type: Number, default: 0 }) recentDeletions: number;
  @Prop({ type: String, default: null }) lastSyncRunId: string | null;
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
}

export type AccountDocument = HydratedDocument<Account>;
export const AccountSchema = SchemaFactory.createForClass(Account);

// GET /accounts: a user's accounts in their company.
AccountSchema.index({ companyId: 1, ownerUserId: 1 });
// Connecting the same mailbox again re-uses (reconnects) the account instead of duplicating it.
AccountSchema.index({ companyId: 1, ownerUserId: 1, provider: 1, email: 1 }, { unique: true });
