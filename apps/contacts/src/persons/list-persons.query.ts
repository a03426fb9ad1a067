import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListPersonsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** nextCursor of the previous page. */
  @IsOptional()
  @IsMongoId({ message: 'after must be a cursor returned as nextCursor' })
  after?: string;

  /** Search: part of the name or of an e-mail address, case-insensitive. */
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'q must be 1 to 100 characters' })
  q?: string;
}
