import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';

/**
 * What writeback knows of one person at one provider account (the outbound attempt state): the
 * newest CRM version handled, and what the provider held after our last write (a base of our own,
 * so a change that arrives before contacts recorded the previous result still updates, never
 * creates a second contact).
 */
@Schema({ collection: 'writeback_states', timestamps: true })
export class WritebackState {
  /** `${accountId}:${personId}`. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) accountId: string;
  @Prop({ type: String, required: true }) personId: string;
  /** The newest `personVersion` handled (written, or reported as failed): older ones are skipped. */
  @Prop({ type: Number, default: 0 }) lastVersion: number;
  @Prop({ type: String, default: null }) externalId: string | null;
  @Prop({ type: String, default: null }) etag: string | null;
  @Prop({ type: Object, default: null }) base: CanonicalContact | null;
  @Prop({ type: Boolean, default: false }) deleted: boolean;
  /** The `writeback.completed` payload of `lastVersion` until it is published (its contact left out when it is `base`: `contactIsBase`). */
  @Prop({ type: Object, default: null }) pendingResult: Record<string, unknown> | null;
}

export const WritebackStateSchema = SchemaFactory.createForClass(WritebackState);
// Every read and write is by _id (account and person): no secondary index needed.
