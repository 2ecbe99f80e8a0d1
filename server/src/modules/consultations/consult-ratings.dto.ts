import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONSULTATION_KINDS, type ConsultationKind, type ConsultRatingSummary, type ConsultRatingsPage, type ConsultRatingView } from '@yiban/shared';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CALENDAR_DATE } from '../../common/http/date-range.js';
import { Optional } from '../../common/http/optional.js';

/** `{ratedAt ms}.{id}` of the last rating on a page: ratings are listed newest rating first. */
const CURSOR = /^\d{1,15}\.[0-9A-Z]{26}$/;

export class RatingsQuery {
  @ApiPropertyOptional({ description: 'Rated on or after this hospital-time date, YYYY-MM-DD' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'Rated on or before this hospital-time date, YYYY-MM-DD' })
  @Optional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Only ratings at or below this score' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  maxScore?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) departmentId?: string;
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @Optional() @IsString() @Matches(CURSOR) cursor?: string;
}

export class RatingSummaryDto implements ConsultRatingSummary {
  @ApiProperty() count: number;
  @ApiProperty({ nullable: true, type: Number }) average: number | null;
  @ApiProperty({ type: Number, isArray: true, description: 'How many of scores 1, 2, 3, 4, 5' }) distribution: [number, number, number, number, number];
}

export class RatingDto implements ConsultRatingView {
  @ApiProperty() consultationId: string;
  @ApiProperty({ enum: CONSULTATION_KINDS }) kind: ConsultationKind;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ nullable: true, type: String }) staffName: string | null;
  @ApiProperty({ nullable: true, type: String }) patientName: string | null;
  @ApiProperty() patientNameMasked: boolean;
  @ApiProperty({ minimum: 1, maximum: 5 }) score: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() ratedAt: string;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
}

export class RatingsPageDto implements ConsultRatingsPage {
  @ApiProperty({ type: RatingSummaryDto }) summary: RatingSummaryDto;
  @ApiProperty({ type: RatingDto, isArray: true }) items: RatingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
