import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** A role of a company's hierarchy: a role may have a parent; "below" a role means its descendants. */
@Schema({ collection: 'directory_roles', timestamps: true })
export class Role {
  @Prop({ required: true }) companyId: string;
  /** The CRM's role id, unique within the company. */
  @Prop({ required: true }) roleId: string;
  @Prop({ required: true }) name: string;
  @Prop({ type: String, default: null }) parentRoleId: string | null;
}

export type RoleDocument = HydratedDocument<Role>;
export const RoleSchema = SchemaFactory.createForClass(Role);

// Upsert/delete of one role, and every read of a company's whole tree (a prefix of this index).
RoleSchema.index({ companyId: 1, roleId: 1 }, { unique: true });
// "Does any role still have this parent?" before deleting a role.
RoleSchema.index({ companyId: 1, parentRoleId: 1 });
