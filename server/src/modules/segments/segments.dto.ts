import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SEGMENT_FIELDS,
  SEGMENT_OPS,
  type CreateSegmentRequest,
  type SegmentCountRequest,
  type SegmentCountResponse,
  type SegmentFieldView,
  type SegmentRule,
  type SegmentView,
  type UpdateSegmentRequest,
} from '@yiban/shared';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const RULE_DOC = {
  description:
    'A group {all: Rule[]} | {any: Rule[]} | {not: Rule}, or a condition {field, op, value}; at most 5 levels and 50 conditions. ' +
    `Fields: ${SEGMENT_FIELDS.join(', ')}; ops: ${SEGMENT_OPS.join(', ')}. A bad node is SEGMENT_RULE_INVALID naming its path.`,
  example: {
    all: [
      { field: 'gender', op: 'eq', value: 'female' },
      { field: 'age', op: 'between', value: [50, 70] },
      { field: 'marketingOptIn', op: 'eq', value: true },
    ],
  },
  type: 'object',
  additionalProperties: true,
} as const;

export class SegmentCountDto implements SegmentCountRequest {
  @ApiProperty(RULE_DOC) @IsObject() rule: SegmentRule;
}

export class CreateSegmentDto implements CreateSegmentRequest {
  @ApiProperty({ maxLength: 64, example: '50–70 岁女性（接受营销）' }) @Transform(trim) @IsString() @Length(1, 64) @NotBlank() name: string;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @Transform(trim) @IsString() @Length(1, 500) @NotBlank() description?: string;
  @ApiProperty(RULE_DOC) @IsObject() rule: SegmentRule;
}

export class UpdateSegmentDto implements UpdateSegmentRequest {
  @ApiPropertyOptional({ maxLength: 64 }) @Optional() @Transform(trim) @IsString() @Length(1, 64) @NotBlank() name?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @Transform(trim) @IsString() @Length(1, 500) @NotBlank() description?: string;
  @ApiPropertyOptional(RULE_DOC) @Optional() @IsObject() rule?: SegmentRule;
}

export class SegmentIdParam {
  @ApiProperty() @IsString() @Matches(/^[0-9A-HJKMNP-TV-Z]{26}$/, { message: 'must be an id' }) id: string;
}

export class SegmentCountResponseDto implements SegmentCountResponse {
  @ApiProperty() count: number;
  @ApiProperty({ description: 'True when clinical fields limited the count to patients with the health-data consent' }) clinicalOnlyConsented: boolean;
  @ApiProperty() tookMs: number;
}

class StaffRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class SegmentViewDto implements SegmentView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty(RULE_DOC) rule: SegmentRule;
  @ApiProperty({ nullable: true, type: Number }) lastCount: number | null;
  @ApiProperty({ nullable: true, type: String }) lastCountedAt: string | null;
  @ApiProperty({ type: StaffRefDto }) createdBy: { id: string; name: string };
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SegmentListDto {
  @ApiProperty({ type: SegmentViewDto, isArray: true }) items: SegmentViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SegmentListQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(/^[0-9A-HJKMNP-TV-Z]{26}$/, { message: 'must be a cursor' }) cursor?: string;
}

class OptionDto {
  @ApiProperty() value: string;
  @ApiProperty() label: string;
}

export class SegmentFieldViewDto implements SegmentFieldView {
  @ApiProperty({ enum: SEGMENT_FIELDS }) field: SegmentFieldView['field'];
  @ApiProperty({ enum: SEGMENT_OPS, isArray: true }) ops: SegmentFieldView['ops'];
  @ApiProperty({ enum: ['enum', 'number', 'boolean', 'department', 'text', 'message_kind'] }) value: SegmentFieldView['value'];
  @ApiPropertyOptional({ type: OptionDto, isArray: true }) options?: { value: string; label: string }[];
  @ApiProperty() clinical: boolean;
  @ApiPropertyOptional() unavailableReason?: string;
}
