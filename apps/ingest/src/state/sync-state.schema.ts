import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import type { SyncConfig } from '@contact-sync/events';
import { declareIndex } from '@contact-sync/platform';

/**
 * Stages and the transitions between them (all in SyncStateRepository):
 *
 * | stage                 | scheduled? | left by                                                        |
 * |-----------------------|------------|----------------------------------------------------------------|
 * | pending               | yes (due)  | claim → running · pause · disconnect · configure               |
 * | running               | lease      | succeed → idle · retryLater → pending · holdDeletions →        |
 * |                       |            | awaiting_confirmation · needReconnect → reconnect_needed ·     |
 * |                       |            | needConfiguration → needs_configuration ·                      |
 * |                       |            | handBack → pending · configure/pause/disconnect (fence) ·      |
 * |                       |            | lapsed lease → claimed again as a crash (failureCount + 1)     |
 * |                       |            | (after 3 in a row: pending with backoff) · stopGone (accounts |
 * |                       |            | answered 404) → disconnected                                   |
 * | idle                  | yes (next) | claim · requestRun → pending · pause · disconnect · configure  |
 * | awaiting_confirmation | no         | deletions decided → idle (due) · requestRun → pending (held   |
 * |                       |            | list dropped, asked again if still true) · configure · pause · |
 * |                       |            | disconnect                                                     |
 * | reconnect_needed      | no         | requestRun (reconnect) → pending · configure · disconnect      |
 * | needs_configuration   | no         | configure (group/folder gone) · pause · disconnect             |
 * | paused                | no         | configure (start again) · disconnect                           |
 * | disconnected          | no         | configure (a new start)                                        |
 */
export type SyncStage = 'pending' | 'running' | 'idle' | 'awaiting_confirmation' | 'paused' | 'reconnect_needed' | 'needs_configuration' | 'disconnected';
export type RunKind = 'full' | 'incremental';
export type DeletionReason = 'deleted' | 'left_group' | 'missing_after_resync';

export interface HeldDeletion {
  externalId: string;
  reason: DeletionReason;
}

/** A mass deletion waiting for the user: nothing was deleted; `runId` is the run that found it. */
export interface HeldDeletions {
  runId: string;
  items: HeldDeletion[];
}

/** One account's sync: configuration, provider cursor and scheduling state. Changed only by SyncStateRepository's transitions. */
@Schema({ collection: 'sync_states', timestamps: true })
export class SyncState {
  /** The account id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) companyId: string;
  @Prop({ type: Object, required: true }) config: SyncConfig;
  /** `configVersion` of the `sync.configured` in force; a stale (lower) one is ignored. */
  @Prop({ type: Number, default: 0 }) configVersion: number;
  /** Google sync token / Graph delta link; null until the first full pull finished. */
  @Prop({ type: String, default: null }) cursor: string | null;
  @Prop({ type: String, required: true }) stage: SyncStage;
  @Prop({ type: Date, required: true }) stageChangedAt: Date;
  /** What the next run must be; 'full' survives failures until a full pass succeeds. */
  @Prop({ type: String, default: null }) requestedKind: RunKind | null;
  /** Bumped by each refresh request; a run that finishes behind it schedules another at once. */
  @Prop({ type: Number, default: 0 }) requestSeq: number;
  /** The group changed: the next full pass's deletions are what the user asked for (no threshold). */
  @Prop({ type: Boolean, default: false }) scopeChanged: boolean;
  @Prop({ type: Date, required: true }) nextRunAt: Date;
  @Prop({ type: String, default: null }) leaseOwner: string | null;
  @Prop({ type: Date, default: null }) leaseExpiresAt: Date | null;
  /** Bumped at every claim: the run's number in summaries and half of its fencing token. */
  @Prop({ type: Number, default: 0 }) runSeq: number;
  /** Bumped by configure, pause and disconnect: a pass that started before is refused every later write. */
  @Prop({ type: Number, default: 0 }) fence: number;
  /** Last `sequence` handed out to an event of this sync (blocks are reserved with one $inc). */
  @Prop({ type: Number, default: 0 }) eventSeq: number;
  @Prop({ type: Number, default: 0 }) failureCount: number;
  @Prop({ type: Object, default: null }) lastError: { code: string; message: string } | null;
  @Prop({ type: Object, default: null }) heldDeletions: HeldDeletions | null;
}

export type SyncStateDocument = HydratedDocument<SyncState>;
export const SyncStateSchema = SchemaFactory.createForClass(SyncState);

// The scheduler's claim: due syncs in a schedulable stage, oldest first (fair across accounts).
// Composite on DocumentDB: an ordered (stage, nextRunAt) key serves the range and the sort.
declareIndex(SyncStateSchema, { stage: 1, nextRunAt: 1 }, { documentdbOrdered: true });
