import { ApiProperty } from '@nestjs/swagger';
import { PLANS, type Plan } from '@contact-sync/contact-model';
import { PermissionsDto } from './directory.dto';

export class CompanyResponse {
  @ApiProperty() companyId: string;
  @ApiProperty({ enum: PLANS }) plan: Plan;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class RoleResponse {
  @ApiProperty() companyId: string;
  @ApiProperty() roleId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) parentRoleId: string | null;
}

/** A user with their company's plan: what accounts' permission gate reads (libs/contact-model UserAccess). */
export class UserAccessResponse {
  @ApiProperty() companyId: string;
  @ApiProperty({ enum: PLANS }) plan: Plan;
  @ApiProperty() userId: string;
  @ApiProperty({ type: String, nullable: true }) roleId: string | null;
  @ApiProperty() globalAdmin: boolean;
  @ApiProperty({ type: () => PermissionsDto }) permissions: PermissionsDto;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}
