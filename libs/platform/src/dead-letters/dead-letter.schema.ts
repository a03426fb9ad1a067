import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A dead letter as recorded in the consuming service's own database: what the dashboard counts per
 * sync and what a replay resolves. The DLT topic keeps the bytes; this collection keeps the state.
 */
@Schema({ collection: 'dead_letters', versionKey: false })
export class DeadLetterRecord {
  @Prop({ required: true }) sourceTopic!: string;
  @Prop({ required: true }) partition!: number;
  @Prop({ required: true }) offset!: string;
  @Prop({ type: String, default: null }) key!: string | null;
  @Prop({ type: String, default: null }) value!: string | null;
  @Prop({ required: true }) consumerGroup!: string;
  @Prop({ required: true }) reason!: string;
  @Prop({ required: true }) attempts!: number;
  @Prop({ required: true }) failedAt!: Date;
  @Prop({ type: String, default: null }) eventId!: string | null;
  @Prop({ type: String, default: null }) eventType!: string | null;
  @Prop({ type: String, default: null }) companyId!: string | null;
  @Prop({ type: String, default: null }) accountId!: string | null;
  @Prop({ type: String, default: null }) externalId!: string | null;
  @Prop({ type: Date, default: null }) resolvedAt!: Date | null;
  /** Set by the replay command when it re-published the letter, so a second run skips it. */
  @Prop({ type: Date, default: null }) replayedAt!: Date | null;
}

export const DeadLetterRecordSchema = SchemaFactory.createForClass(DeadLetterRecord);
// One record per consumed message (redelivery after a crash must not count it twice).
DeadLetterRecordSchema.index({ sourceTopic: 1, partition: 1, offset: 1, consumerGroup: 1 }, { unique: true });
DeadLetterRecordSchema.index({ accountId: 1, resolvedAt: 1 });
DeadLetterRecordSchema.index({ eventId: 1 });
