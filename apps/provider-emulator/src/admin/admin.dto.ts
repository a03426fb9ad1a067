import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

export class CreateAccountDto {
  @IsEmail() email: string;
}

export class CreateGroupDto {
  @IsString() @MinLength(1) name: string;
}

export class SeedPeopleDto {
  /** Google `Person` bodies; each may carry `groups` (resource names or names of groups). */
  @IsArray() @IsObject({ each: true }) people: Record<string, unknown>[];
}

export class FaultDto {
  @IsIn([429, 500, 503]) status: 429 | 500 | 503;
  @IsInt() @Min(1) @Max(10_000) count: number;
  @IsOptional() @IsInt() @Min(0) @Max(3600) retryAfterSeconds?: number;
  @IsOptional() @IsEmail() account?: string;
}

export class TokenLifetimeDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) seconds: number;
}
