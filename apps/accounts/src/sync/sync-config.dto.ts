import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MinLength, ValidateIf } from 'class-validator';
import { syncDirectionSchema, visibilitySchema, type SyncDirection, type Visibility } from '@contact-sync/events';

const DIRECTIONS = syncDirectionSchema.options;
const VISIBILITIES = visibilitySchema.options;

export class SyncConfigDto {
  /** A group/folder id from GET /accounts/:id/sync-groups, or null for the whole address book. */
  @ApiProperty({ type: String, nullable: true, description: 'A group/folder id from GET /accounts/{id}/sync-groups, or null for the whole address book' })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  groupId: string | null;

  @ApiProperty({ enum: DIRECTIONS, description: 'one_way: provider to CRM; two_way: CRM changes of the user\'s own persons written back too' })
  @IsIn(DIRECTIONS, { message: `direction must be one of: ${DIRECTIONS.join(', ')}` })
  direction: SyncDirection;

  @ApiProperty({ enum: VISIBILITIES, description: 'Who in the company sees the synced persons (the plan decides which are allowed)' })
  @IsIn(VISIBILITIES, { message: `visibility must be one of: ${VISIBILITIES.join(', ')}` })
  visibility: Visibility;
}

export class RefreshDto {
  /** true: a complete pass instead of an incremental one (manual full resync). */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @IsIn([true, false], { message: 'full must be true or false' })
  full?: boolean;
}

/** What a provider offers to sync instead of the whole address book (GET /accounts/:id/sync-groups). */
export class SyncGroupResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['system', 'user'] }) kind: 'system' | 'user';
  @ApiPropertyOptional({ type: Number, description: 'When the provider says' }) memberCount?: number;
}

/** The answer to a request that only starts work (refresh, deletion decisions). */
export class AcceptedResponse {
  @ApiProperty({ enum: [true] }) accepted: true;
}
