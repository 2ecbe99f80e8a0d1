import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { CALENDAR_DATE } from '../../common/http/date-range.js';
import { Optional } from '../../common/http/optional.js';

export class PeriodQueryDto {
  @ApiPropertyOptional({ description: 'First hospital-time date, YYYY-MM-DD (default: 89 days before `to`)' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'Last hospital-time date, YYYY-MM-DD, included (default: today); at most 366 days after `from`' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
}

export class QualityQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ description: 'One department only (the issues stay hospital-wide)' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-HJKMNP-TV-Z]{26}$/, { message: 'must be an id' })
  departmentId?: string;
  @ApiPropertyOptional({ description: 'One doctor only (the issues stay hospital-wide)' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-HJKMNP-TV-Z]{26}$/, { message: 'must be an id' })
  doctorId?: string;
}

export class TierMigrationQueryDto {
  @ApiPropertyOptional({ description: 'The first date, YYYY-MM-DD (hospital time): tiers at the end of it (default: a year before `to`)' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'The second date, YYYY-MM-DD, not after today: tiers at the end of it (default: today)' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
}

export class ClvQueryDto {
  @ApiPropertyOptional({ description: 'The first-visit year of the cohort, 2000 to this year (default: last year, the most recent complete one)' })
  @Optional()
  @IsString()
  @Matches(/^\d{4}$/, { message: 'must be a year YYYY' })
  cohort?: string;
}
