import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Visibility } from '@contact-sync/events';

/** What contacts knows of one sync's configuration: the newest `sync.configured` and how far it is applied. */
@Schema({ collection: 'sync_configs', timestamps: true })
export class SyncConfigRecord {
  /** The account id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: Number, required: true }) configVersion: number;
  @Prop({ type: String, required: true }) visibility: Visibility;
  /** Set once every person of the sync carries `visibility` (the dashboard's "applied"). */
  @Prop({ type: Number, default: 0 }) appliedConfigVersion: number;
}

export const SyncConfigRecordSchema = SchemaFactory.createForClass(SyncConfigRecord);
