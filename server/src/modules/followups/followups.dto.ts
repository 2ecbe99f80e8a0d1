import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FOLLOWUP_BOXES,
  FOLLOWUP_OUTCOMES,
  type CompleteTaskRequest,
  type EnrolRequest,
  type FollowupBox,
  type FollowupOutcome,
  type RescheduleTaskRequest,
} from '@yiban/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';

const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class IdParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) id: string;
}

export class PatientIdParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) patientId: string;
}

export class EnrolDto implements EnrolRequest {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) patientId: string;
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) templateId: string;
  @ApiPropertyOptional({ example: '2026-12-07', description: 'Day 0 (hospital date); default today' })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  startsOn?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId?: string;
  @ApiPropertyOptional({ description: 'A case manager’s staff id; default the enrolling case manager, else the pool' })
  @Optional()
  @IsString()
  @Matches(ID, { message: 'must be an id' })
  caseManagerId?: string;
}

export class TaskListQueryDto {
  @ApiPropertyOptional({ enum: FOLLOWUP_BOXES, default: 'today' }) @Optional() @IsIn(FOLLOWUP_BOXES) box?: FollowupBox;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(/^\d{1,6}$/, { message: 'must be a cursor from the last page' }) cursor?: string;
  @ApiPropertyOptional({ description: 'Only this patient’s tasks' })
  @Optional()
  @IsString()
  @Matches(ID, { message: 'must be an id' })
  patientId?: string;
}

export class CompleteTaskDto implements CompleteTaskRequest {
  @ApiProperty({ enum: FOLLOWUP_OUTCOMES }) @IsIn(FOLLOWUP_OUTCOMES) outcome: FollowupOutcome;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @IsString() @Length(1, 500) @NotBlank() note?: string;
}

export class RescheduleTaskDto implements RescheduleTaskRequest {
  @ApiProperty({ example: '2026-12-09' }) @IsString() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) dueOn: string;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @IsString() @Length(1, 500) @NotBlank() note?: string;
}

export class StopPlanDto {
  @ApiProperty({ enum: ['patient_declined', 'moved_care', 'deceased', 'completed_early', 'enrolled_in_error'] })
  @IsIn(['patient_declined', 'moved_care', 'deceased', 'completed_early', 'enrolled_in_error'])
  reason: string;
}
