import { IsIn, IsOptional, IsString, MinLength, ValidateIf } from 'class-validator';
import { syncDirectionSchema, visibilitySchema, type SyncDirection, type Visibility } from '@contact-sync/events';

const DIRECTIONS = syncDirectionSchema.options;
const VISIBILITIES = visibilitySchema.options;

export class SyncConfigDto {
  /** A group/folder id from GET /accounts/:id/sync-groups, or null for the whole address book. */
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  groupId: string | null;

  @IsIn(DIRECTIONS, { message: `direction must be one of: ${DIRECTIONS.join(', ')}` })
  direction: SyncDirection;

  @IsIn(VISIBILITIES, { message: `visibility must be one of: ${VISIBILITIES.join(', ')}` })
  visibility: Visibility;
}

export class RefreshDto {
  /** true: a complete pass instead of an incremental one (manual full resync). */
  @IsOptional()
  @IsIn([true, false], { message: 'full must be true or false' })
  full?: boolean;
}
