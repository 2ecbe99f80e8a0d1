import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEMBER_TIERS, type MemberTier, type TierOverrideRequest, type TierPolicy } from '@yiban/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
export { IdParam } from '../../common/http/params.js';

export class PolicyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '{mode: value|percentile, thresholds: {platinum, gold, iron} (fen of value, or top percent), value: {marginRate, retentionRate, discountRate, horizonYears}, ' +
      'downgradeGraceDays, pointsMultiplier: {platinum, gold, iron, lead}, feeDiscountPercent: {…}}; a broken one is MEMBERSHIP_POLICY_INVALID with details.problems',
  })
  @IsObject()
  policy: TierPolicy;
}

export class OverrideDto implements TierOverrideRequest {
  @ApiProperty({ enum: MEMBER_TIERS }) @IsIn(MEMBER_TIERS) tier: MemberTier;
  @ApiProperty({ example: '2027-06-30T16:00:00.000Z', description: 'An instant after now and within a year' })
  @IsString()
  @Matches(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/, { message: 'must be an ISO instant' })
  until: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) @NotBlank() reason: string;
}

export class LedgerQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class ReferralCodeDto {
  @ApiProperty({ description: 'Someone’s invitation code (8 characters; spaces and dashes ignored)', maxLength: 20 })
  @IsString()
  @Length(4, 20)
  @NotBlank()
  code: string;
}
