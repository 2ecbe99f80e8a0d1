import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConsentRecordView, ConsentStateView } from '@yiban/shared';
import { ActingPatient, CurrentAccount, PatientRoute } from '../../common/auth/decorators.js';
import type { AccountPrincipal } from '../../common/auth/principal.js';
import type { ActingProfile } from '../../common/auth/principal.js';
import { ConsentRecordDto, ConsentStateDto, RecordConsentDto } from './consents.dto.js';
import { ConsentsService } from './consents.service.js';

@ApiTags('consents')
@Controller('me/consents')
export class ConsentsController {
  constructor(@Inject(ConsentsService) private readonly consents: ConsentsService) {}

  @Get()
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s consents and which required ones are missing' })
  @ApiOkResponse({ type: ConsentStateDto })
  state(@ActingPatient() patient: ActingProfile): Promise<ConsentStateView> {
    return this.consents.state(patient.id);
  }

  @Get('history')
  @PatientRoute()
  @ApiOkResponse({ type: ConsentRecordDto, isArray: true })
  history(@ActingPatient() patient: ActingProfile): Promise<ConsentRecordView[]> {
    return this.consents.history(patient.id);
  }

  @Post()
  @HttpCode(200)
  @PatientRoute()
  @ApiOperation({ summary: 'Agree to, decline or withdraw one consent for the acting profile' })
  @ApiOkResponse({ type: ConsentStateDto })
  record(@ActingPatient() patient: ActingProfile, @CurrentAccount() account: AccountPrincipal, @Body() body: RecordConsentDto): Promise<ConsentStateView> {
    return this.consents.record(patient, account.accountId, body);
  }
}
