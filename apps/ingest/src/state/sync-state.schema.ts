import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import type { SyncConfig } from '@contact-sync/events';
import { declareIndex } from '@contact-sync/platform';

/**
 * pending: due (nextRunAt) · running: claimed by a replica (lease) · idle: waiting for the next period
 * · paused / reconnect_needed / disconnected: not scheduled until a named transition says so.
 */
export type SyncStage = 'pending' | 'running' | 'idle' | 'paused' | 'reconnect_needed' | 'disconnected';
export type RunKind = 'full' | 'incremental';

/** One account's sync: configuration, provider cursor and scheduling state. Changed only by SyncStateRepository's transitions. */
@Schema({ collection: 'sync_states', timestamps: true })
export class SyncState {
  /** The account id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) companyId: string;
  @Prop({ type: Object, required: true }) config: SyncConfig;
  /** Google sync token / Graph delta link; null until the first full pull finished. */
  @Prop({ type: String, default: null }) cursor: string | null;
  @Prop({ type: String, required: true }) stage: SyncStage;
  @Prop({ type: Date, required: true }) stageChangedAt: Date;
  /** What the next run must be; 'full' survives failures until a full pass succeeds. */
  @Prop({ type: String, default: null }) requestedKind: RunKind | null;
  /** Bumped by each refresh request; a run that finishes behind it schedules another at once. */
  @Prop({ type: Number, default: 0 }) requestSeq: number;
  @Prop({ type: Date, required: true }) nextRunAt: Date;
  @Prop({ type: String, default: null }) leaseOwner: string | null;
  @Prop({ type: Date, default: null }) leaseExpiresAt: Date | null;
  @Prop({ type: Number, default: 0 }) failureCount: number;
  @Prop({ type: Object, default: null }) lastError: { code: string; message: string } | null;
}

export type SyncStateDocument = HydratedDocument<SyncState>;
export const SyncStateSchema = SchemaFactory.createForClass(SyncState);

// The scheduler's claim: due syncs in a schedulable stage, oldest first (fair across accounts).
// Composite on DocumentDB: an ordered (stage, nextRunAt) key serves the range and the sort.
declareIndex(SyncStateSchema, { stage: 1, nextRunAt: 1 }, { documentdbOrdered: true });
