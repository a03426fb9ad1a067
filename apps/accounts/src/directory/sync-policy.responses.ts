import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VISIBILITIES } from '@contact-sync/contact-model';
import { ErrorResponse } from '@contact-sync/platform';

/** SyncPolicy's 403: the directory permissions the acting user lacks to sync contacts. */
export class MissingPermissionsResponse extends ErrorResponse {
  @ApiProperty({ type: [String], example: ['add organizations'] }) missingPermissions: string[];
}

/** A 400 of a sync configuration: a validation error, or a visibility the plan does not offer (with the allowed ones). */
export class SyncConfigErrorResponse extends ErrorResponse {
  @ApiPropertyOptional({ enum: VISIBILITIES, isArray: true }) allowedVisibilities?: string[];
}
