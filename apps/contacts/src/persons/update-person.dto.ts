import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

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

/** A CRM user's change to a person's default fields; only what is sent changes. */
export class UpdatePersonDto {
  @IsOptional()
  @IsString()
  @Length(1, 500)
  name?: string;

  @IsOptional()
  @IsString()
  @Length(0, 200)
  firstName?: string;

  @IsOptional()
  @IsString()
  @Length(0, 200)
  lastName?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LabeledValueDto)
  emails?: LabeledValueDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LabeledValueDto)
  phones?: LabeledValueDto[];
}
