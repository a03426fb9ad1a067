import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListPersonsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** nextCursor of the previous page. */
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsMongoId({ message: 'after must be a cursor returned as nextCursor' })
  after?: string;

  /** Search: part of the name or of an e-mail address, case-insensitive. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'Part of the name or of an e-mail address, case-insensitive' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'q must be 1 to 100 characters' })
  q?: string;
}
