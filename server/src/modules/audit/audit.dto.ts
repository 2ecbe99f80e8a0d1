import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_ACTIONS, type AuditAction, type AuditLogView } from '@yiban/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CALENDAR_DATE } from '../../common/http/date-range.js';
import { Optional } from '../../common/http/optional.js';

export class AuditQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) patientId?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) actorStaffId?: string;
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @Optional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional({ description: 'Hospital-time date, YYYY-MM-DD (included)', example: '2026-12-01' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'Hospital-time date, YYYY-MM-DD (included)', example: '2026-12-31' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) cursor?: string;
}

export class AuditPatientDto {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) phoneMasked: string | null;
  @ApiProperty({ nullable: true, type: String }) idNumberMasked: string | null;
}

export class AuditLogDto implements AuditLogView {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty() actorStaffId: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername: string | null;
  @ApiProperty({ description: 'The roles held at the time, comma-separated' }) actorRoles: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ nullable: true, type: String }) patientId: string | null;
  @ApiProperty({ nullable: true, type: AuditPatientDto }) patient: AuditPatientDto | null;
  @ApiProperty() resource: string;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
}

export class AuditLogPageDto {
  @ApiProperty({ type: AuditLogDto, isArray: true }) items: AuditLogDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
