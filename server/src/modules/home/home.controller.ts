import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HOME_CARD_KINDS, type HomeCard, type Locale, type PatientHome } from '@yiban/shared';
import { ActingPatient, CurrentAccount, PatientRoute } from '../../common/auth/decorators.js';
import type { AccountPrincipal, ActingProfile } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { HomeService } from './home.service.js';

class HomeCardDto {
  @ApiProperty({ enum: HOME_CARD_KINDS, description: 'More kinds come later (surveys, follow-up tasks): show the kinds you know, skip the rest' })
  kind: HomeCard['kind'];
}

class PatientHomeDto implements PatientHome {
  @ApiProperty() patientId: string;
  @ApiProperty({
    type: HomeCardDto,
    isArray: true,
    description:
      'Most urgent first, one card each: payment_due {purpose, amount, payBefore, title, link, appointment|consultation}, next_visit {appointment, link}, doctor_replies {total, consultations}, messages {count, otherProfiles, newest}',
  })
  cards: HomeCard[];
}

@ApiTags('home')
@Controller('me/home')
export class HomeController {
  constructor(@Inject(HomeService) private readonly home: HomeService) {}

  @Get()
  @PatientRoute()
  @ApiOperation({ summary: 'What is next for the acting profile (X-Patient-Id): payments due, the next visit, unread replies and messages' })
  @ApiOkResponse({ type: PatientHomeDto })
  get(@CurrentAccount() account: AccountPrincipal, @ActingPatient() patient: ActingProfile, @ReaderLocale() locale: Locale): Promise<PatientHome> {
    return this.home.home(account, patient, locale);
  }
}
