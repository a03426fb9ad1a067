import { ApiProperty } from '@nestjs/swagger';

export class OrganizationResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** A custom field definition: the key persons' customFields use. */
export class CustomFieldResponse {
  @ApiProperty({ example: 'job_title' }) key: string;
  @ApiProperty({ example: 'Job title' }) name: string;
  @ApiProperty({ example: 'text' }) fieldType: string;
}
