import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ServiceIssueStatusFilter } from '@yiban/shared';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const STATUSES = ['open', 'overdue', 'resolved', 'all'] as const;

export class IssueIdParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) id: string;
}

export class IssueListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, default: 'open' }) @Optional() @IsIn(STATUSES) status?: ServiceIssueStatusFilter;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be a cursor' }) cursor?: string;
}

export class IssueNoteDto {
  @ApiProperty({ maxLength: 1000 }) @Transform(trim) @IsString() @Length(1, 1000) @NotBlank() text: string;
}

export class ResolveIssueDto {
  @ApiProperty({ maxLength: 1000, description: 'What was done, in words the patient reads in 消息' })
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  @NotBlank()
  resolution: string;
}
