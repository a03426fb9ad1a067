import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { VISIBILITIES, type VisibilityOption } from '@contact-sync/contact-model';

export class LabeledValueDto {
  @IsString()
  @Length(1, 320)
  value: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  label?: string;

  @IsOptional()
  @IsBoolean()
  primary?: boolean;
}

export class AddressDto {
  @IsOptional() @IsString() @Length(1, 1000) formatted?: string;
  @IsOptional() @IsString() @Length(1, 500) street?: string;
  @IsOptional() @IsString() @Length(1, 500) extended?: string;
  @IsOptional() @IsString() @Length(1, 100) poBox?: string;
  @IsOptional() @IsString() @Length(1, 200) city?: string;
  @IsOptional() @IsString() @Length(1, 200) region?: string;
  @IsOptional() @IsString() @Length(1, 50) postalCode?: string;
  @IsOptional() @IsString() @Length(1, 200) country?: string;
  @IsOptional() @IsString() @Length(2, 2) countryCode?: string;
  @IsOptional() @IsString() @Length(1, 100) label?: string;
}

export class InstantMessengerDto {
  @IsString() @Length(1, 320) value: string;
  @IsOptional() @IsString() @Length(1, 100) protocol?: string;
  @IsOptional() @IsString() @Length(1, 100) label?: string;
}

/**
 * A CRM user's person: every synced field. On PATCH only what is sent changes (`null` clears a
 * field); POST takes the same body. Lists replace the whole list.
 */
export class PersonInputDto {
  @IsOptional() @IsString() @Length(1, 500) name?: string;
  @IsOptional() @IsString() @Length(1, 200) firstName?: string | null;
  @IsOptional() @IsString() @Length(1, 200) lastName?: string | null;

  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => LabeledValueDto) emails?: LabeledValueDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => LabeledValueDto) phones?: LabeledValueDto[];
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto | null;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) postalAddress?: AddressDto | null;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => InstantMessengerDto) instantMessengers?: InstantMessengerDto[];

  /** The organization by name: linked to the company's organization of that name, made when missing. */
  @IsOptional() @IsString() @Length(1, 200) organization?: string | null;
  @IsOptional() @IsString() @Length(1, 200) jobTitle?: string | null;
  @IsOptional() @IsString() @Length(1, 100_000) notes?: string | null;
  @IsOptional() @IsString() @Matches(/^(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'birthday must be YYYY-MM-DD, or --MM-DD without a year' }) birthday?: string | null;
}

/** POST /persons: the same fields, plus who may see the person (default: what the plan allows, widest first). */
export class CreatePersonDto extends PersonInputDto {
  @IsOptional() @IsIn(VISIBILITIES as unknown as string[]) visibility?: VisibilityOption;
}

/** PUT /persons/:id/owner: the user who owns the person from now on (a user of the same company). */
export class MoveOwnerDto {
  @IsString() @Length(1, 200) userId: string;
}
