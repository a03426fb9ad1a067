import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ProviderKind } from '@contact-sync/contact-model';
import type { SyncDirection, Visibility } from '@contact-sync/events';
import { declareIndex } from '@contact-sync/platform';

/** What contacts knows of one sync's configuration: the newest `sync.configured` and how far it is applied. */
@Schema({ collection: 'sync_configs', timestamps: true })
export class SyncConfigRecord {
  /** The account id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: Number, required: true }) configVersion: number;
  @Prop({ type: String, required: true }) visibility: Visibility;
  /** Set once every person of the sync carries `visibility` (the dashboard's "applied"). */
  @Prop({ type: Number, default: 0 }) appliedConfigVersion: number;
  // What CRM write-back needs (records stored before these existed read as one-way).
  @Prop({ type: String, default: null }) companyId: string | null;
  @Prop({ type: String, default: null }) ownerUserId: string | null;
  @Prop({ type: String, default: null }) provider: ProviderKind | null;
  @Prop({ type: String, default: null }) groupId: string | null;
  @Prop({ type: String, default: 'one_way' }) direction: SyncDirection;
  /** When the sync last became two-way: the user's default two-way sync is the earliest (docs/decisions.md). */
  @Prop({ type: Date, default: null }) twoWaySince: Date | null;
}

export const SyncConfigRecordSchema = SchemaFactory.createForClass(SyncConfigRecord);
// A CRM user's two-way syncs, earliest first: where their new persons go.
declareIndex(SyncConfigRecordSchema, { ownerUserId: 1, direction: 1, twoWaySince: 1 }, { documentdbOrdered: true });
