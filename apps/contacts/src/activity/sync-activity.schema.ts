import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { declareIndex } from '@contact-sync/platform';

/** Changes contacts actually made for one sync in one hour (summed for the last 24 h and 7 days). */
@Schema({ collection: 'sync_activity_hours' })
export class SyncActivityHour {
  /** `${accountId}:${hour ISO}`: one counter document per sync and hour, `$inc`-ed in place. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) accountId: string;
  @Prop({ type: Date, required: true }) hour: Date;
  @Prop({ type: Number, default: 0 }) added: number;
  @Prop({ type: Number, default: 0 }) updated: number;
  @Prop({ type: Number, default: 0 }) deleted: number;
}
export const SyncActivityHourSchema = SchemaFactory.createForClass(SyncActivityHour);
// The status read: one sync's buckets of the last 7 days.
declareIndex(SyncActivityHourSchema, { accountId: 1, hour: 1 }, { documentdbOrdered: true });

/** The same counts for one sync run, plus how many of its events were handled at all. */
@Schema({ collection: 'sync_activity_runs' })
export class SyncActivityRun {
  /** `${accountId}:${syncRunId}`. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) accountId: string;
  @Prop({ type: String, required: true }) syncRunId: string;
  /** Highest event sequence seen of this run: the newest run of a sync is the one with the highest. */
  @Prop({ type: Number, default: 0 }) maxSequence: number;
  @Prop({ type: Date, required: true }) lastAt: Date;
  @Prop({ type: Number, default: 0 }) processed: number;
  @Prop({ type: Number, default: 0 }) added: number;
  @Prop({ type: Number, default: 0 }) updated: number;
  @Prop({ type: Number, default: 0 }) deleted: number;
}
export const SyncActivityRunSchema = SchemaFactory.createForClass(SyncActivityRun);
// The status read: a sync's newest run.
declareIndex(SyncActivityRunSchema, { accountId: 1, maxSequence: -1 }, { documentdbOrdered: true });
