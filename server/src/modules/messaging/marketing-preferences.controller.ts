import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, ValidateNested } from 'class-validator';
import { MESSAGE_KINDS, type MarketingPreferencesView, type MessageKind, type UpdateMarketingPreferencesRequest } from '@yiban/shared';
import { ActingPatient, PatientRoute } from '../../common/auth/decorators.js';
import type { ActingProfile } from '../../common/auth/principal.js';
import { MarketingPreferencesService } from './marketing-preferences.service.js';

export class MarketingTopicDto {
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'A marketing message kind' }) @IsIn([...MESSAGE_KINDS]) topic: MessageKind;
  @ApiProperty() @IsBoolean() enabled: boolean;
}

export class UpdateMarketingPreferencesDto implements UpdateMarketingPreferencesRequest {
  @ApiProperty({ type: MarketingTopicDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MESSAGE_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => MarketingTopicDto)
  topics: MarketingTopicDto[];
}

export class MarketingPreferencesDto implements MarketingPreferencesView {
  @ApiProperty({ description: 'The marketing consent (off → no marketing at all; changed through /me/consents)' }) marketingOptIn: boolean;
  @ApiProperty({ type: MarketingTopicDto, isArray: true }) topics: MarketingTopicDto[];
}

/** The acting profile's marketing topics, each on or off under the marketing consent. */
@ApiTags('messaging')
@Controller('me/marketing-preferences')
export class MarketingPreferencesController {
  constructor(@Inject(MarketingPreferencesService) private readonly preferences: MarketingPreferencesService) {}

  @Get()
  @PatientRoute()
  @ApiOperation({ summary: 'The marketing consent and each marketing topic (message kind), on or off' })
  @ApiOkResponse({ type: MarketingPreferencesDto })
  get(@ActingPatient() patient: ActingProfile): Promise<MarketingPreferencesView> {
    return this.preferences.view(patient.id);
  }

  @Put()
  @PatientRoute()
  @ApiOperation({ summary: 'Turn marketing topics on or off (unlisted topics unchanged); MARKETING_TOPIC_UNKNOWN for a kind that is not marketing' })
  @ApiOkResponse({ type: MarketingPreferencesDto })
  put(@ActingPatient() patient: ActingProfile, @Body() body: UpdateMarketingPreferencesDto): Promise<MarketingPreferencesView> {
    return this.preferences.update(patient.id, body.topics);
  }
}
