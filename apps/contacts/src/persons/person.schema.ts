import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import type { ContactAddress, LabeledValue, PersonCustomFieldValues, PersonSyncedFields, PhotoRef } from '@contact-sync/contact-model';
import type { Visibility } from '@contact-sync/events';
import { declareIndex } from '@contact-sync/platform';

/** Values of the sync's custom fields, by CustomFieldKey. */
export type PersonCustomFields = Partial<{
  instant_messengers: { value: string; protocol?: string; label?: string }[];
  postal_address: ContactAddress;
  notes: string;
  birthday: string;
  job_title: string;
}>;

export interface PersonOutbound {
  accountId: string;
  version: number;
  /** When the change waiting to be published was made; null when it was published. */
  pendingAt: Date | null;
  /** When the CRM last changed the person's synced fields (inbound applies do not move it): the CRM side's time in a merge. */
  changedAt?: Date;
}

/** What write-back last reported for the person (shown on the person and counted on the dashboard). */
export interface PersonWritebackStatus {
  accountId: string;
  personVersion: number;
  /** The last write failed: why; null once a later write succeeded. */
  error: { code: string; message: string; permanent: boolean; at: Date } | null;
  /** CRM values the provider cannot hold (Outlook's fourth e-mail): kept here, not synced to the provider. */
  notSynced: { field: string; value?: unknown; reason: string }[];
}

@Schema({ collection: 'persons', timestamps: true })
export class Person {
  @Prop({ required: true }) companyId: string;
  @Prop({ required: true }) ownerUserId: string;
  @Prop({ type: String, required: true }) visibility: Visibility;
  @Prop({ required: true }) name: string;
  @Prop({ type: String, default: null }) firstName: string | null;
  @Prop({ type: String, default: null }) lastName: string | null;
  @Prop({ type: [Object], default: [] }) emails: LabeledValue[];
  @Prop({ type: [Object], default: [] }) phones: LabeledValue[];
  @Prop({ type: Object, default: null }) address: ContactAddress | null;
  @Prop({ type: String, default: null }) organizationId: string | null;
  @Prop({ type: String, default: null }) organizationName: string | null;
  @Prop({ type: Object, default: {} }) customFields: PersonCustomFields;
  /** Reference into the photo store (photos collection, by content hash); bytes never live on the person. */
  @Prop({ type: Object, default: null }) photo: PhotoRef | null;
  @Prop({ type: String, default: null }) photoSource: 'provider' | 'crm' | null;
  /** The account whose sync brought this person in (null for persons created in the CRM). */
  @Prop({ type: String, default: null }) sourceAccountId: string | null;
  /** Users following this person (kept in step by the CRM core); they see it under `owner_and_followers`. */
  @Prop({ type: [String], default: [] }) followerUserIds: string[];
  /**
   * The outbox of CRM write-back: a CRM change a two-way sync must carry to its provider, recorded
   * in the same write as the change (`version` counts them). The outbound publisher sends it as
   * `crm-person.changed` and clears `pendingAt` if no newer change came meanwhile. Absent until
   * the first such change; provider-made changes never set it (no ping-pong).
   */
  @Prop({ type: Object }) outbound?: PersonOutbound;
  @Prop({ type: Object }) writeback?: PersonWritebackStatus;
  /** 'crm' for persons created by a CRM user: a sync's re-configuration never re-stamps their visibility. */
  @Prop({ type: String }) origin?: 'crm';
  /** Soft delete: the person is restorable, and a contact re-added at the provider restores it. */
  @Prop({ type: Date, default: null }) deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  _id: Types.ObjectId;
}

export type PersonDocument = HydratedDocument<Person>;
export const PersonSchema = SchemaFactory.createForClass(Person);

// Visibility (visibility/visibility-filter.ts). On DocumentDB these stay inverted (one term per path):
// measured against composite ones (enableOrderedIndex) over 100,000 persons, the $in branches were
// 7-10x slower composite and no branch was faster overall (docs/decisions.md).
// Every branch of the reader's $or has equality on the
// fields before _id in one of these, so each branch is an index range already in _id (cursor) order.
// Branches "owner" (visibility $in all five, ownerUserId = reader), owner_role and owner_role_and_below
// (ownerUserId $in the holders of the reader's role / roles above):
PersonSchema.index({ companyId: 1, deletedAt: 1, visibility: 1, ownerUserId: 1, _id: 1 });
// Branch entire_company, and a global admin's read (visibility $in all five):
PersonSchema.index({ companyId: 1, deletedAt: 1, visibility: 1, _id: 1 });
// Branch owner_and_followers (visibility pinned, multikey on the follower ids):
PersonSchema.index({ companyId: 1, deletedAt: 1, visibility: 1, followerUserIds: 1, _id: 1 });
// The dashboard's CRM total (countDocuments per sync) and a re-configuration's re-stamp of
// visibility (updateMany per sync) both select one sync's persons.
declareIndex(PersonSchema, { sourceAccountId: 1, deletedAt: 1 }, { documentdbOrdered: true });
// The dashboard's count of persons whose write-back failed, per sync.
declareIndex(PersonSchema, { 'writeback.accountId': 1, 'writeback.error.code': 1 });
// The outbound publisher's sweep: CRM changes not yet published, oldest first.
declareIndex(PersonSchema, { 'outbound.pendingAt': 1 });

// Compile-time: a stored person stays assignable to contact-model's plain shape (toPersonFields /
// personToContact), and the custom fields that mapping writes fit the schema's.
type Assignable<T extends U, U> = T;
export type PersonHoldsSyncedFields = Assignable<Pick<Person, keyof PersonSyncedFields>, PersonSyncedFields>;
export type SyncedCustomFieldsFitSchema = Assignable<PersonCustomFieldValues, PersonCustomFields>;
