import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import { declareIndex } from '@contact-sync/platform';

/** One field a merge decided: both values, the side that won and why. */
export interface SyncHistoryDecision {
  field: string;
  crmValue?: unknown;
  providerValue?: unknown;
  winner: 'crm' | 'provider';
  reason: string;
}

/**
 * One merge of a person with its provider contact in which both sides had changed the same field:
 * the losing value is kept here, never lost (`GET /persons/:id/sync-history`).
 */
@Schema({ collection: 'person_sync_history', timestamps: { createdAt: true, updatedAt: false } })
export class SyncHistoryEntry {
  @Prop({ required: true }) companyId: string;
  @Prop({ required: true }) personId: string;
  @Prop({ required: true }) accountId: string;
  /** Where the merge ran: writing the CRM's change to the provider, or applying the provider's change. */
  @Prop({ type: String, required: true }) during: 'writeback' | 'inbound';
  /** The event that carried the merge: a redelivery does not record it twice. */
  @Prop({ required: true }) eventId: string;
  @Prop({ type: [Object], required: true }) decisions: SyncHistoryDecision[];
  createdAt: Date;
}

export type SyncHistoryDocument = HydratedDocument<SyncHistoryEntry>;
export const SyncHistoryEntrySchema = SchemaFactory.createForClass(SyncHistoryEntry);

// A person's history, newest first.
declareIndex(SyncHistoryEntrySchema, { personId: 1, createdAt: -1 });
// Idempotent recording: one entry per event and person.
declareIndex(SyncHistoryEntrySchema, { eventId: 1, personId: 1 }, { unique: true });
