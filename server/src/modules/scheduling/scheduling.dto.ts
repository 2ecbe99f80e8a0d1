import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MEMBER_TIERS,
  SESSION_PERIODS,
  VISIT_TYPES,
  type ClinicSessionView,
  type CreateSchedulesRequest,
  type StopSessionRequest,
  type StopSessionResponse,
  type UpdateSlotRequest,
  type SchedulePatternItem,
  type SessionPeriodName,
  type SlotView,
  type MemberTier,
  type VisitType,
} from '@yiban/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SchedulePatternItemDto implements SchedulePatternItem {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ enum: SESSION_PERIODS }) @IsIn(SESSION_PERIODS) period: SessionPeriodName;
  @ApiProperty({ example: '08:00' }) @IsString() @Matches(HM) start: string;
  @ApiProperty({ example: '11:30' }) @IsString() @Matches(HM) end: string;
  @ApiProperty({ example: 15, minimum: 5, maximum: 240 }) @IsInt() @Min(5) @Max(240) slotMinutes: number;
  @ApiProperty({ example: 4, minimum: 1, maximum: 200 }) @IsInt() @Min(1) @Max(200) capacityPerSlot: number;
  @ApiProperty({ enum: VISIT_TYPES }) @IsIn(VISIT_TYPES) visitType: VisitType;
  @ApiPropertyOptional({ enum: MEMBER_TIERS, description: 'Only patients of this tier (or higher) may book it' })
  @Optional()
  @IsIn(MEMBER_TIERS)
  reservedForTier?: MemberTier;
}

export class CreateSchedulesDto implements CreateSchedulesRequest {
  @ApiProperty() @IsString() @Length(26, 26) doctorId: string;
  @ApiProperty({ example: '2026-11-30', description: 'First day (hospital time), YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE)
  fromDate: string;
  @ApiProperty({ minimum: 1, maximum: 12 }) @IsInt() @Min(1) @Max(12) weeks: number;
  @ApiProperty({ type: SchedulePatternItemDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => SchedulePatternItemDto)
  pattern: SchedulePatternItemDto[];
}

export class SlotRangeQueryDto {
  @ApiPropertyOptional({ example: '2026-11-23', description: 'Start (date or ISO time); default now' })
  @Optional()
  @IsISO8601()
  from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'End (exclusive); default 7 days after from; at most 31 days' })
  @Optional()
  @IsISO8601()
  to?: string;
}

export class DoctorIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class SlotViewDto implements SlotView {
  @ApiProperty() id: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ description: 'Integer fen' }) fee: number;
  @ApiProperty() remaining: number;
  @ApiProperty({ enum: VISIT_TYPES }) visitType: VisitType;
  @ApiProperty({ nullable: true, type: String }) reservedForTier: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When a reserved slot opens to every patient' }) reservedOpensAt: string | null;
}

export class CreateSchedulesResponseDto {
  @ApiProperty() sessionsCreated: number;
  @ApiProperty() slotsCreated: number;
  @ApiProperty({ example: [{ date: '2026-11-30', period: 'morning' }] }) skipped: { date: string; period: SessionPeriodName }[];
}

export class SessionsQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) doctorId?: string;
  @ApiProperty({ description: 'First hospital-time date, YYYY-MM-DD' }) @IsString() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) from: string;
  @ApiProperty({ description: 'Last hospital-time date (inclusive), YYYY-MM-DD' })
  @IsString()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to: string;
}

export class IdParamDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) id: string;
}

export class StopSessionDto implements StopSessionRequest {
  @ApiProperty({ example: '医生临时停诊', maxLength: 60 }) @IsString() @Length(2, 60) @NotBlank() reason: string;
}

export class UpdateSlotDto implements UpdateSlotRequest {
  @ApiPropertyOptional({ minimum: 0, maximum: 200 }) @Optional() @IsInt() @Min(0) @Max(200) capacity?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 10_000_000, description: 'Integer fen' }) @Optional() @IsInt() @Min(0) @Max(10_000_000) fee?: number;
  @ApiPropertyOptional({ nullable: true, enum: MEMBER_TIERS })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @IsIn(MEMBER_TIERS)
  reservedForTier?: MemberTier | null;
}

export class SessionSlotDto {
  @ApiProperty() id: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() capacity: number;
  @ApiProperty() booked: number;
  @ApiProperty() fee: number;
  @ApiProperty({ nullable: true, type: String }) reservedForTier: string | null;
  @ApiProperty({ enum: ['open', 'stopped'] }) status: 'open' | 'stopped';
}

export class ClinicSessionViewDto implements ClinicSessionView {
  @ApiProperty() id: string;
  @ApiProperty() doctorId: string;
  @ApiProperty() doctorName: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() date: string;
  @ApiProperty({ enum: SESSION_PERIODS }) period: SessionPeriodName;
  @ApiProperty({ enum: VISIT_TYPES }) visitType: VisitType;
  @ApiProperty({ enum: ['open', 'stopped'] }) status: 'open' | 'stopped';
  @ApiProperty({ nullable: true, type: String }) stoppedReason: string | null;
  @ApiProperty({ type: SessionSlotDto, isArray: true }) slots: SessionSlotDto[];
}

export class StopSessionResponseDto implements StopSessionResponse {
  @ApiProperty({ type: ClinicSessionViewDto }) session: ClinicSessionViewDto;
  @ApiProperty() appointmentsCancelled: number;
  @ApiProperty({ description: 'Integer fen asked back from WeChat Pay' }) refundsRequested: number;
}
