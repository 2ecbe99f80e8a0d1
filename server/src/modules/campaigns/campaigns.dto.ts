import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CAMPAIGN_STATUSES,
  FESTIVALS,
  LANDING_TYPES,
  MESSAGE_KINDS,
  type CampaignStatus,
  type Festival,
  type LandingType,
  type MessageKind,
} from '@yiban/shared';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, Min, ValidateNested, IsObject } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CampaignContentDto {
  @ApiProperty({ maxLength: 20, description: 'Fits WeChat’s thing keyword (≤ 20 characters)' })
  @Transform(trim)
  @IsString()
  @Length(1, 20)
  @NotBlank()
  title: string;
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @Length(1, 200) @NotBlank() body: string;
}

export class CampaignLandingDto {
  @ApiProperty({ enum: LANDING_TYPES }) @IsIn(LANDING_TYPES) type: LandingType;
  @ApiPropertyOptional({ description: 'The article, event or survey; for booking an optional department' })
  @Optional()
  @IsString()
  @Matches(ID, { message: 'must be an id' })
  id?: string;
}

const SCHEDULE_TYPES = ['once', 'recurring', 'trigger'] as const;
const TRIGGERS = ['birthday', 'festival', 'after_visit'] as const;

/** One flat shape for the three schedule types; the service checks that the fields fit the type. */
export class CampaignScheduleDto {
  @ApiProperty({ enum: SCHEDULE_TYPES }) @IsIn(SCHEDULE_TYPES) type: (typeof SCHEDULE_TYPES)[number];
  @ApiPropertyOptional({ description: 'once: when (ISO time); absent → when scheduled' }) @Optional() @IsISO8601({ strict: true }) at?: string;
  @ApiPropertyOptional({ description: 'recurring: five-field cron in the hospital’s time zone', maxLength: 100 })
  @Optional()
  @IsString()
  @Length(9, 100)
  cron?: string;
  @ApiPropertyOptional({ description: 'recurring: last time it may run (ISO time)' }) @Optional() @IsISO8601({ strict: true }) until?: string;
  @ApiPropertyOptional({ enum: TRIGGERS }) @Optional() @IsIn(TRIGGERS) trigger?: (typeof TRIGGERS)[number];
  @ApiPropertyOptional({ enum: FESTIVALS }) @Optional() @IsIn(FESTIVALS) festival?: Festival;
  @ApiPropertyOptional({ minimum: 0, maximum: 30 }) @Optional() @IsInt() @Min(0) @Max(30) daysBefore?: number;
  @ApiPropertyOptional({ description: 'trigger: local time HH:mm (default 09:00)', example: '09:00' })
  @Optional()
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:mm' })
  sendAt?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 365 }) @Optional() @IsInt() @Min(0) @Max(365) days?: number;
}

export class CreateCampaignDto {
  @ApiProperty({ maxLength: 100 }) @Transform(trim) @IsString() @Length(1, 100) @NotBlank() name: string;
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) segmentId: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) @IsIn(MESSAGE_KINDS) messageKind: MessageKind;
  @ApiProperty({ type: CampaignContentDto }) @IsObject() @ValidateNested() @Type(() => CampaignContentDto) content: CampaignContentDto;
  @ApiPropertyOptional({ type: CampaignLandingDto }) @Optional() @IsObject() @ValidateNested() @Type(() => CampaignLandingDto) landing?: CampaignLandingDto;
  @ApiPropertyOptional({ type: CampaignScheduleDto }) @Optional() @IsObject() @ValidateNested() @Type(() => CampaignScheduleDto) schedule?: CampaignScheduleDto;
}

export class UpdateCampaignDto {
  @ApiPropertyOptional({ maxLength: 100 }) @Optional() @Transform(trim) @IsString() @Length(1, 100) @NotBlank() name?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) segmentId?: string;
  @ApiPropertyOptional({ enum: MESSAGE_KINDS }) @Optional() @IsIn(MESSAGE_KINDS) messageKind?: MessageKind;
  @ApiPropertyOptional({ type: CampaignContentDto }) @Optional() @IsObject() @ValidateNested() @Type(() => CampaignContentDto) content?: CampaignContentDto;
  @ApiPropertyOptional({ type: CampaignLandingDto }) @Optional() @IsObject() @ValidateNested() @Type(() => CampaignLandingDto) landing?: CampaignLandingDto;
  @ApiPropertyOptional({ type: CampaignScheduleDto }) @Optional() @IsObject() @ValidateNested() @Type(() => CampaignScheduleDto) schedule?: CampaignScheduleDto;
}

export class RejectCampaignDto {
  @ApiProperty({ maxLength: 500 }) @Transform(trim) @IsString() @Length(1, 500) @NotBlank() comment: string;
}

export class TestRecipientDto {
  @ApiProperty({ description: 'The staff member’s own WeChat openid for this mini-program', maxLength: 64 })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{6,64}$/, { message: 'must be a WeChat openid' })
  openid: string;
}

export class CampaignOpenDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) campaignId: string;
}

export class CampaignIdParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) id: string;
}

export class CampaignListQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @Optional() @IsIn(CAMPAIGN_STATUSES) status?: CampaignStatus;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) cursor?: string;
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

const OUTCOMES = ['queued', 'sending', 'sent', 'skipped', 'failed', 'unknown', 'held', 'cancelled'] as const;

export class CampaignRecipientsQuery {
  @ApiPropertyOptional({ enum: OUTCOMES }) @Optional() @IsIn(OUTCOMES) status?: (typeof OUTCOMES)[number];
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) cursor?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class CampaignTimelineQuery {
  @ApiPropertyOptional({ enum: ['hour', 'day'] }) @Optional() @IsIn(['hour', 'day']) bucket?: 'hour' | 'day';
}

export class CampaignCalendarQuery {
  @ApiProperty({ example: '2026-09', description: 'YYYY-MM (hospital time)' })
  @IsString()
  @Matches(/^(20\d\d)-(0[1-9]|1[0-2])$/, { message: 'must be YYYY-MM' })
  month: string;
}
