import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConsultRatingsPage, Locale } from '@yiban/shared';
import { RATING_ROLES } from '../../common/auth/access-rules.js';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { RatingsPageDto, RatingsQuery } from './consult-ratings.dto.js';
import { ConsultRatings } from './consult-ratings.js';

@ApiTags('consultations')
@Controller()
export class ConsultRatingsController {
  constructor(@Inject(ConsultRatings) private readonly ratings: ConsultRatings) {}

  @Get('staff/consult-ratings')
  @Roles(...RATING_ROLES)
  @ApiOperation({
    summary:
      'Patients’ ratings of closed consultations, newest first, with a summary (count, average, 1–5 distribution) of all that match (service staff, admins; patient names masked for non-clinical readers; audited)',
  })
  @ApiOkResponse({ type: RatingsPageDto })
  list(@CurrentStaff() principal: StaffPrincipal, @Query() query: RatingsQuery, @ReaderLocale() locale: Locale): Promise<ConsultRatingsPage> {
    return this.ratings.page(principal, query, locale);
  }
}
