import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

export interface UserPermissions {
  addPeople: boolean;
  addOrganizations: boolean;
}

/** A CRM user: their role and permissions are read from here, never from a request. */
@Schema({ collection: 'directory_users', timestamps: true })
export class DirectoryUser {
  @Prop({ required: true }) companyId: string;
  /** The CRM's user id (the acting-user token's `sub`). */
  @Prop({ required: true }) userId: string;
  @Prop({ type: String, default: null }) roleId: string | null;
  @Prop({ required: true, default: false }) globalAdmin: boolean;
  @Prop({ type: Object, required: true }) permissions: UserPermissions;
  @Prop({ type: String, default: null }) name: string | null;
}

export type DirectoryUserDocument = HydratedDocument<DirectoryUser>;
export const DirectoryUserSchema = SchemaFactory.createForClass(DirectoryUser);

// The acting user of every request, and upsert/delete of one user.
DirectoryUserSchema.index({ companyId: 1, userId: 1 }, { unique: true });
// Users holding any of a set of roles: the owners whose persons a role-based reader sees.
DirectoryUserSchema.index({ companyId: 1, roleId: 1 });
