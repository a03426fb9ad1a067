import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { PLANS, type Plan } from '@contact-sync/contact-model';

/** Ids the CRM core uses for companies, roles and users (the same shape the acting-user token allows). */
export const DIRECTORY_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export class CompanyDto {
  @IsIn(PLANS, { message: `plan must be one of: ${PLANS.join(', ')}` })
  plan: Plan;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class RoleDto {
  @IsString()
  @Length(1, 200)
  name: string;

  /** The role directly above, or null for a top-level role. */
  @IsDefined({ message: 'parentRoleId is required (null for a top-level role)' })
  @ValidateIf((_, v) => v !== null)
  @Matches(DIRECTORY_ID, { message: 'parentRoleId must be a role id or null' })
  parentRoleId: string | null;
}

export class PermissionsDto {
  @IsBoolean() addPeople: boolean;
  @IsBoolean() addOrganizations: boolean;
}

export class UserDto {
  @IsDefined({ message: 'roleId is required (null for a user without a role)' })
  @ValidateIf((_, v) => v !== null)
  @Matches(DIRECTORY_ID, { message: 'roleId must be a role id or null' })
  roleId: string | null;

  @IsBoolean()
  globalAdmin: boolean;

  @IsDefined()
  @ValidateNested()
  @Type(() => PermissionsDto)
  permissions: PermissionsDto;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
