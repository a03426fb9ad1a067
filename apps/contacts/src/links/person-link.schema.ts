import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import type { CanonicalContact, ProviderKind } from '@contact-sync/contact-model';
import { declareIndex } from '@contact-sync/platform';

/** Ties one provider contact of one account to one CRM person, with the last synced snapshot (the base). */
@Schema({ collection: 'person_links', timestamps: true })
export class PersonLink {
  @Prop({ required: true }) companyId: string;
  @Prop({ required: true }) accountId: string;
  @Prop({ type: String, required: true }) provider: ProviderKind;
  @Prop({ required: true }) externalId: string;
  @Prop({ required: true }) personId: string;
  /** Hash of the base; equal hash on an inbound change means duplicate or echo: nothing to do. */
  @Prop({ type: String, default: null }) baseHash: string | null;
  @Prop({ type: Object, default: null }) base: CanonicalContact | null;
  @Prop({ type: String, default: null }) etag: string | null;
  @Prop({ type: String, default: null }) providerUpdatedAt: string | null;
  @Prop({ type: String, default: null }) lastEventId: string | null;
  /** Ingest's per-sync sequence of the change last applied (upsert or delete): orders redeliveries and replays. */
  @Prop({ type: Number, default: 0 }) sequence: number;
  /** The provider's photo for this contact is not in the CRM (too large, not an image): why; null when none. */
  @Prop({ type: String, default: null }) photoNotSynced: string | null;
  @Prop({ type: Date, default: null }) deletedAt: Date | null;
  /** Set when the link ended for good (the person's owner changed): the sync leaves this contact alone. */
  @Prop({ type: String }) endedReason?: 'ownership_moved';
  /**
   * The person was deleted in the CRM and no pass has seen its contact go yet: the provider total
   * still counts the contact, the CRM total no longer counts the person (the dashboard explains the
   * difference). Cleared when a pass lists the deletion or the person comes back.
   */
  @Prop({ type: Date }) crmDeletedAt?: Date;
  /** An ended link's contact was deleted at the provider (it no longer counts as detached). */
  @Prop({ type: Date }) providerGoneAt?: Date;
}

export type PersonLinkDocument = HydratedDocument<PersonLink>;
export const PersonLinkSchema = SchemaFactory.createForClass(PersonLink);

// Inbound changes find their links by provider identity ({accountId, externalId: {$in}}); unique so a
// redelivered create cannot make a second person. Composite on DocumentDB: an $in of 1,000 ids
// 14x faster than the inverted index, bulk updates 3x (docs/decisions.md).
declareIndex(PersonLinkSchema, { accountId: 1, externalId: 1 }, { unique: true, documentdbOrdered: true });
// Write-back finds the links of a changed person.
declareIndex(PersonLinkSchema, { personId: 1 }, { documentdbOrdered: true });
