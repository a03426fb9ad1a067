import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { VISIBILITIES, type VisibilityOption } from '@contact-sync/contact-model';

/** A date with a year (YYYY-MM-DD) or without (--MM-DD). */
const BIRTHDAY = /^(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class LabeledValueDto {
  @ApiProperty({ minLength: 1, maxLength: 320, example: 'ada@work.example' })
  @IsString()
  @Length(1, 320)
  value: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'work' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  label?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  primary?: boolean;
}

export class AddressDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 1000 }) @IsOptional() @IsString() @Length(1, 1000) formatted?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 500 }) @IsOptional() @IsString() @Length(1, 500) street?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 500 }) @IsOptional() @IsString() @Length(1, 500) extended?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) poBox?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) city?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) region?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 50 }) @IsOptional() @IsString() @Length(1, 50) postalCode?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) country?: string;
  @ApiPropertyOptional({ minLength: 2, maxLength: 2 }) @IsOptional() @IsString() @Length(2, 2) countryCode?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) label?: string;
}

export class InstantMessengerDto {
  @ApiProperty({ minLength: 1, maxLength: 320 }) @IsString() @Length(1, 320) value: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) protocol?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) label?: string;
}

/**
 * A CRM user's person: every synced field. On PATCH only what is sent changes (`null` clears a
 * field); POST takes the same body. Lists replace the whole list.
 */
export class PersonInputDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 500 }) @IsOptional() @IsString() @Length(1, 500) name?: string;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) firstName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) lastName?: string | null;

  @ApiPropertyOptional({ type: [LabeledValueDto], maxItems: 50 })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => LabeledValueDto) emails?: LabeledValueDto[];
  @ApiPropertyOptional({ type: [LabeledValueDto], maxItems: 50 })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => LabeledValueDto) phones?: LabeledValueDto[];
  @ApiPropertyOptional({ type: () => AddressDto, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto | null;
  @ApiPropertyOptional({ type: () => AddressDto, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AddressDto) postalAddress?: AddressDto | null;
  @ApiPropertyOptional({ type: [InstantMessengerDto], maxItems: 50 })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => InstantMessengerDto) instantMessengers?: InstantMessengerDto[];

  /** The organization by name: linked to the company's organization of that name, made when missing. */
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) organization?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) jobTitle?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 100000 }) @IsOptional() @IsString() @Length(1, 100_000) notes?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, pattern: BIRTHDAY.source, example: '1815-12-10', description: 'YYYY-MM-DD, or --MM-DD without a year' })
  @IsOptional() @IsString() @Matches(BIRTHDAY, { message: 'birthday must be YYYY-MM-DD, or --MM-DD without a year' }) birthday?: string | null;
}

/** POST /persons: the same fields, plus who may see the person (default: what the plan allows, widest first). */
export class CreatePersonDto extends PersonInputDto {
  @ApiPropertyOptional({ enum: VISIBILITIES, description: 'Default: the widest the plan allows' })
  @IsOptional() @IsIn(VISIBILITIES as unknown as string[]) visibility?: VisibilityOption;
}

/** PUT /persons/:id/owner: the user who owns the person from now on (a user of the same company). */
export class MoveOwnerDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @Length(1, 200) userId: string;
}
