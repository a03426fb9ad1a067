import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Which writeback replica writes one account's changes now (Google: one mutation at a time per user). */
@Schema({ collection: 'writeback_leases', versionKey: false })
export class AccountLease {
  /** The account id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) owner: string;
  @Prop({ type: Date, required: true }) expiresAt: Date;
}

export const AccountLeaseSchema = SchemaFactory.createForClass(AccountLease);
// Taken and released by _id only: no secondary index.
