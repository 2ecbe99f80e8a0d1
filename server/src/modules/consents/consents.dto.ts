import { ApiProperty } from '@nestjs/swagger';
import { CONSENT_KINDS, type ConsentKind, type RecordConsentRequest } from '@yiban/shared';
import { IsBoolean, IsIn, IsString, Length } from 'class-validator';

export class RecordConsentDto implements RecordConsentRequest {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;

  @ApiProperty({ example: '2026-11-01', description: 'The version of the text the patient was shown' })
  @IsString()
  @Length(1, 32)
  version: string;

  @ApiProperty({ description: 'true = agree, false = decline or withdraw' })
  @IsBoolean()
  granted: boolean;
}

export class ConsentRecordDto {
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty() version: string;
  @ApiProperty() granted: boolean;
  @ApiProperty() decidedAt: string;
}

export class ConsentStateDto {
  @ApiProperty({ description: 'Latest decision per kind', additionalProperties: { $ref: '#/components/schemas/ConsentRecordDto' } })
  consents: Partial<Record<ConsentKind, ConsentRecordDto>>;
  @ApiProperty({ example: { privacy_policy: '2026-11-01', health_data: '2026-11-01', marketing: '2026-11-01' } })
  currentVersions: Record<ConsentKind, string>;
  @ApiProperty({ enum: CONSENT_KINDS, isArray: true }) missingRequired: ConsentKind[];
}
