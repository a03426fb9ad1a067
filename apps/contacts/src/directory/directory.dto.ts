import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { PLANS, type Plan } from '@contact-sync/contact-model';

/** Ids the CRM core uses for companies, roles and users (the same shape the acting-user token allows). */
export const DIRECTORY_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

const ID_DOC = { pattern: DIRECTORY_ID.source } as const;

export class CompanyDto {
  @ApiProperty({ enum: PLANS })
  @IsIn(PLANS, { message: `plan must be one of: ${PLANS.join(', ')}` })
  plan: Plan;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class RoleDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  /** The role directly above, or null for a top-level role. */
  @ApiProperty({ type: String, nullable: true, ...ID_DOC, description: 'The role directly above, or null for a top-level role' })
  @IsDefined({ message: 'parentRoleId is required (null for a top-level role)' })
  @ValidateIf((_, v) => v !== null)
  @Matches(DIRECTORY_ID, { message: 'parentRoleId must be a role id or null' })
  parentRoleId: string | null;
}

export class PermissionsDto {
  @ApiProperty() @IsBoolean() addPeople: boolean;
  @ApiProperty() @IsBoolean() addOrganizations: boolean;
}

export class UserDto {
  @ApiProperty({ type: String, nullable: true, ...ID_DOC, description: "The user's role, or null for a user without one" })
  @IsDefined({ message: 'roleId is required (null for a user without a role)' })
  @ValidateIf((_, v) => v !== null)
  @Matches(DIRECTORY_ID, { message: 'roleId must be a role id or null' })
  roleId: string | null;

  @ApiProperty({ description: 'Sees every person of the company' })
  @IsBoolean()
  globalAdmin: boolean;

  @ApiProperty({ type: () => PermissionsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PermissionsDto)
  permissions: PermissionsDto;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
