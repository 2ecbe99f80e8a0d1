import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_ITEMS,
  QUESTION_KINDS,
  SURVEY_TRIGGER_CODES,
  type CreateInvitationRequest,
  type QuestionnaireDefinition,
  type SurveyAnswer,
  type SurveyTriggerCode,
  type SurveyTriggerSettings,
  type TemplatePurposeCode,
} from '@yiban/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { ID } from '../../common/http/params.js';
export { IdParam } from '../../common/http/params.js';

const PURPOSES = ['survey', 'followup'] as const;

const DEFINITION_DOC = {
  description:
    `{title, titleEn?, intro?, introEn?, items: Item[]} with at most ${MAX_ITEMS} items; an item is {id, kind (${QUESTION_KINDS.join(', ')}), text, textEn?, required?, ` +
    'scale? (likert: 5 or 7), options? ({value, label, labelEn?}), unit?, min?, max?, decimals?, redFlag? ({above?, below?} or {anyOf}), ' +
    'dimension?, touchpoint?, pair? ({key, role: expectation|perception}), complaint?, showIf? ({itemId, anyOf?, atLeast?, atMost?})}. ' +
    'A broken definition is SURVEY_TEMPLATE_INVALID with details.problems [{path, problem}].',
  type: 'object',
  additionalProperties: true,
} as const;

export class TriggerParam {
  @ApiProperty({ enum: SURVEY_TRIGGER_CODES }) @IsIn(SURVEY_TRIGGER_CODES) trigger: SurveyTriggerCode;
}

export class TemplateListQueryDto {
  @ApiPropertyOptional({ enum: PURPOSES }) @Optional() @IsIn(PURPOSES) purpose?: TemplatePurposeCode;
}

export class CreateTemplateDto {
  @ApiProperty({ description: 'Stable key, e.g. knee_surgery', pattern: '^[a-z][a-z0-9_]{1,39}$' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be lower-case letters, digits and _' })
  key: string;
  @ApiProperty({ enum: PURPOSES }) @IsIn(PURPOSES) purpose: TemplatePurposeCode;
  @ApiProperty(DEFINITION_DOC) @IsObject() definition: QuestionnaireDefinition;
}

export class SaveDraftDto {
  @ApiProperty(DEFINITION_DOC) @IsObject() definition: QuestionnaireDefinition;
}

export class TriggerSettingsDto implements Omit<SurveyTriggerSettings, 'trigger'> {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty({ example: 'six_criteria' }) @IsString() @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be a template key' }) templateKey: string;
  @ApiProperty({ minimum: 0, maximum: 720 }) @IsInt() @Min(0) @Max(720) delayHours: number;
  @ApiProperty({ minimum: 1, maximum: 90 }) @IsInt() @Min(1) @Max(90) expiresAfterDays: number;
  @ApiProperty({ minimum: 0, maximum: 720, description: '0: no reminder' }) @IsInt() @Min(0) @Max(720) remindAfterHours: number;
}

export class CreateInvitationDto implements CreateInvitationRequest {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) patientId: string;
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) templateId: string;
}

export class SurveyAnswerDto implements SurveyAnswer {
  @ApiProperty() @IsString() @Length(1, 40) itemId: string;
  @ApiProperty({
    description: 'A number (likert, nps, number), an option value (single), option values (multiple) or text',
    oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @IsDefined()
  value: number | string | string[];
}

export class RespondDto {
  @ApiProperty({ type: SurveyAnswerDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers: SurveyAnswerDto[];
}
