import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';

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
}
