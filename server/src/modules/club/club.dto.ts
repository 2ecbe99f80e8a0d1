import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLUB_EVENT_KINDS, MEMBER_TIERS, type ClubEventInput, type ClubEventKind, type MemberTier } from '@yiban/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
export { IdParam } from '../../common/http/params.js';

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;

/** An event as staff enter it; the shared `checkClubEvent` then checks how the fields fit together (EVENT_INVALID). */
export class ClubEventDto implements ClubEventInput {
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) @NotBlank() title: string;
  @ApiPropertyOptional({ maxLength: 160 }) @Optional() @IsString() @Length(1, 160) @NotBlank() titleEn?: string;
  @ApiProperty({ enum: CLUB_EVENT_KINDS }) @IsIn(CLUB_EVENT_KINDS) kind: ClubEventKind;
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @IsString() @Length(1, 2000) @NotBlank() description?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @Optional() @IsString() @Length(1, 4000) @NotBlank() descriptionEn?: string;
  @ApiProperty({ example: '2027-01-10T06:00:00.000Z' }) @IsString() @Matches(INSTANT, { message: 'must be an ISO instant' }) startsAt: string;
  @ApiProperty({ example: '2027-01-10T08:00:00.000Z' }) @IsString() @Matches(INSTANT, { message: 'must be an ISO instant' }) endsAt: string;
  @ApiPropertyOptional({ maxLength: 120 }) @Optional() @IsString() @Length(1, 120) @NotBlank() venue?: string;
  @ApiPropertyOptional({ maxLength: 160 }) @Optional() @IsString() @Length(1, 160) @NotBlank() venueEn?: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() online?: boolean;
  @ApiProperty({ minimum: 1, maximum: 100000 }) @IsInt() @Min(1) @Max(100_000) capacity: number;
  @ApiPropertyOptional({ enum: MEMBER_TIERS, isArray: true, description: 'Empty or left out: everyone' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(MEMBER_TIERS, { each: true })
  eligibleTiers?: MemberTier[];
  @ApiPropertyOptional({ description: 'Fen, through the one checkout', minimum: 0 }) @Optional() @IsInt() @Min(0) @Max(10_000_000) fee?: number;
  @ApiPropertyOptional({ description: 'A points price instead of a fee', minimum: 0 }) @Optional() @IsInt() @Min(0) @Max(1_000_000) pointsCost?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(INSTANT, { message: 'must be an ISO instant' }) registrationOpensAt?: string;
  @ApiPropertyOptional({ description: 'Default: the start' })
  @Optional()
  @IsString()
  @Matches(INSTANT, { message: 'must be an ISO instant' })
  registrationClosesAt?: string;
}

export class ClubCheckInDto {
  @ApiProperty({ description: 'The code in the patient’s QR (ten characters; spaces and dashes ignored)', maxLength: 40 })
  @IsString()
  @Length(4, 40)
  @NotBlank()
  code: string;
}
