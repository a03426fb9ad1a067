import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import { declareIndex } from '@contact-sync/platform';

/** What the provider last sent for one contact: lets ingest publish only real changes. */
@Schema({ collection: 'provider_shadows', versionKey: false })
export class ProviderShadow {
  @Prop({ required: true }) accountId: string;
  @Prop({ required: true }) externalId: string;
  @Prop({ required: true }) etag: string;
  /** contactHash of the mapped canonical contact. */
  @Prop({ required: true }) contactHash: string;
  /** sha256 of the photo last uploaded to the contacts photo store for it (only the hash: never bytes). */
  @Prop({ type: String, default: null }) photoHash: string | null;
  /** Why the provider's photo was not synced (too large, not an image), as last sent; null when none. */
  @Prop({ type: String, default: null }) photoNotSynced: string | null;
  /**
   * The user rejected its deletion: a later full pass that still does not see it leaves it (and its
   * person) alone instead of asking again. Cleared when the provider lists it again.
   */
  @Prop({ type: Boolean, default: false }) kept: boolean;
}

export type ProviderShadowDocument = HydratedDocument<ProviderShadow>;
export const ProviderShadowSchema = SchemaFactory.createForClass(ProviderShadow);

// Page diffing ({accountId, externalId: {$in}}), the full-pass sweep ({accountId}) and idempotent
// upserts. Composite on DocumentDB, as person_links (docs/decisions.md).
declareIndex(ProviderShadowSchema, { accountId: 1, externalId: 1 }, { unique: true, documentdbOrdered: true });
