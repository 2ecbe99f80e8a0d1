import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALLERGY_CATEGORIES,
  ALLERGY_SEVERITIES,
  GLUCOSE_CONTEXTS,
  HEALTH_ENTRY_KINDS,
  MEASUREMENT_BOUNDS,
  MEASUREMENT_KINDS,
  type AllergyCategory,
  type AllergySeverity,
  type GlucoseContext,
  type HealthEntryInput,
  type HealthEntryKind,
  type MeasurementInput,
  type MeasurementKind,
} from '@yiban/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsString, Length, Matches } from 'class-validator';
import { CALENDAR_DATE } from '../../common/http/date-range.js';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';

/** ICD-10: a letter, two digits (the category), and optionally a dot and up to four more (E11, E11.9). */
const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const DATE = { message: 'must be a date YYYY-MM-DD' };

export class HealthIdParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) id: string;
}

/** Fields not of the entry's kind are refused by the service (VALIDATION_FAILED, `notForKind`). */
export class HealthEntryDto implements HealthEntryInput {
  @ApiProperty({ enum: HEALTH_ENTRY_KINDS }) @IsIn(HEALTH_ENTRY_KINDS) kind: HealthEntryKind;

  @ApiProperty({ maxLength: 100, description: 'The substance, the condition or the medicine, in the words entered', example: '青霉素' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @NotBlank()
  name: string;

  @ApiPropertyOptional({ enum: ALLERGY_CATEGORIES, description: 'allergy' }) @Optional() @IsIn(ALLERGY_CATEGORIES) category?: AllergyCategory;

  @ApiPropertyOptional({ maxLength: 200, description: 'allergy: what happens', example: '皮疹' })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @NotBlank()
  reaction?: string;

  @ApiPropertyOptional({ enum: ALLERGY_SEVERITIES, description: 'allergy' }) @Optional() @IsIn(ALLERGY_SEVERITIES) severity?: AllergySeverity;

  @ApiPropertyOptional({ description: 'condition: ICD-10 (E11, I10, E11.9)', example: 'I10' })
  @Optional()
  @Transform(upper)
  @IsString()
  @Matches(ICD10, { message: 'must be an ICD-10 code such as E11 or E11.9' })
  icd10?: string;

  @ApiPropertyOptional({ maxLength: 60, description: 'medication', example: '5 mg' })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  @NotBlank()
  dose?: string;

  @ApiPropertyOptional({ maxLength: 60, description: 'medication', example: '每日一次' })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  @NotBlank()
  frequency?: string;

  @ApiPropertyOptional({ description: 'condition, medication: YYYY-MM-DD, not in the future' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, DATE)
  @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;

  @ApiPropertyOptional({ description: 'medication: YYYY-MM-DD, not before `since`' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, DATE)
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;

  @ApiPropertyOptional({ default: true, description: 'A condition still present, a medicine still taken' }) @Optional() @IsBoolean() active?: boolean;

  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @Transform(trim) @IsString() @Length(1, 500) @NotBlank() note?: string;
}

/** Values not of the reading's kind are refused by the service; ranges too (HEALTH_MEASUREMENT_OUT_OF_RANGE). */
export class MeasurementDto implements MeasurementInput {
  @ApiProperty({ enum: MEASUREMENT_KINDS }) @IsIn(MEASUREMENT_KINDS) kind: MeasurementKind;

  @ApiProperty({ description: 'When it was taken (ISO instant): not in the future, at most ten years ago' })
  @IsString()
  @IsISO8601({ strict: true, strictSeparator: true })
  measuredAt: string;

  @ApiPropertyOptional({ description: `blood_pressure: mmHg, ${MEASUREMENT_BOUNDS.systolic.min}–${MEASUREMENT_BOUNDS.systolic.max}` })
  @Optional()
  @IsInt()
  systolic?: number;

  @ApiPropertyOptional({ description: `blood_pressure: mmHg, ${MEASUREMENT_BOUNDS.diastolic.min}–${MEASUREMENT_BOUNDS.diastolic.max}, below systolic` })
  @Optional()
  @IsInt()
  diastolic?: number;

  @ApiPropertyOptional({ description: `glucose: mmol/L, one decimal, ${MEASUREMENT_BOUNDS.glucoseMmol.min}–${MEASUREMENT_BOUNDS.glucoseMmol.max}` })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  glucoseMmol?: number;

  @ApiPropertyOptional({ enum: GLUCOSE_CONTEXTS, description: 'glucose' }) @Optional() @IsIn(GLUCOSE_CONTEXTS) glucoseContext?: GlucoseContext;

  @ApiPropertyOptional({ description: `weight: kg, one decimal, ${MEASUREMENT_BOUNDS.weightKg.min}–${MEASUREMENT_BOUNDS.weightKg.max}` })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  weightKg?: number;

  @ApiPropertyOptional({ maxLength: 200 }) @Optional() @Transform(trim) @IsString() @Length(1, 200) @NotBlank() note?: string;
}

export class MeasurementSeriesQueryDto {
  @ApiProperty({ enum: MEASUREMENT_KINDS }) @IsIn(MEASUREMENT_KINDS) kind: MeasurementKind;

  @ApiPropertyOptional({ description: 'Hospital-time date, YYYY-MM-DD (included); default 90 days before `to`' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, DATE)
  from?: string;

  @ApiPropertyOptional({ description: 'Hospital-time date, YYYY-MM-DD (included); default today; at most 366 days after `from`' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, DATE)
  to?: string;
}
