import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FOLLOWUP_BOXES,
  FOLLOWUP_OUTCOMES,
  type CompleteTaskRequest,
  type EnrolRequest,
  type FollowupMatch,
  type FollowupStep,
  type SaveFollowupTemplateRequest,
  type FollowupBox,
  type FollowupOutcome,
  type RescheduleTaskRequest,
} from '@yiban/shared';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';
export { IdParam } from '../../common/http/params.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

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

/** Left out, or null (cleared), or a value that passes its rules. */
const OrNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

const TEMPLATE_DOC =
  'steps: [{offsetDays (0–365), kind (call, questionnaire, reminder, revisit, education), title, titleEn?, questionnaireKey? ' +
  '(a published questionnaire), articleId?, articleTag?}] (1–30); match: {on: visit|discharge|null, departmentIds, ' +
  'diagnosisPrefixes (ICD-10 prefixes)}. A broken template is FOLLOWUP_TEMPLATE_INVALID with details.problems [{path, problem}].';

export class SaveFollowupTemplateDto implements SaveFollowupTemplateRequest {
  @ApiPropertyOptional({ description: 'Only when creating', pattern: '^[a-z][a-z0-9_]{1,39}$' })
  @Optional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be lower-case letters, digits and _' })
  key?: string;
  @ApiProperty({ maxLength: 80 }) @IsString() @Length(1, 80) @NotBlank() name: string;
  @ApiPropertyOptional({ maxLength: 80, nullable: true, type: String }) @OrNull() @IsString() @Length(1, 80) @NotBlank() nameEn?: string | null;
  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String }) @OrNull() @IsString() @Length(1, 500) @NotBlank() description?: string | null;
  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String }) @OrNull() @IsString() @Length(1, 500) @NotBlank() descriptionEn?: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: TEMPLATE_DOC }) @IsObject() match: FollowupMatch;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: TEMPLATE_DOC }) @IsArray() steps: FollowupStep[];
  @ApiProperty() @IsBoolean() active: boolean;
}
