import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type {
  ClubCheckInResult,
  ClubEventView,
  ClubRegistrationResult,
  ClubRegistrationView,
  Locale,
  StaffClubEventView,
  StaffClubRegistrationView,
} from '@yiban/shared';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { ActingPatient, CurrentAccount, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal, ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { Checkout } from '../payments/index.js';
import { ClubCheckInDto, ClubEventDto, IdParam } from './club.dto.js';
import { ClubService } from './club.service.js';

/** The VIP club: events for patients (register, confirm an offered seat, pay, cancel) and for the club's staff. */
@ApiTags('club')
@Controller()
export class ClubController {
  constructor(
    @Inject(ClubService) private readonly club: ClubService,
    @Inject(Checkout) private readonly checkout: Checkout,
  ) {}

  // ---------------------------------------------------------------- patients

  @Get('events')
  @PatientRoute()
  @ApiOperation({ summary: 'Published events not yet over: those the acting profile may join first, each with `eligible`, `remaining` and why not' })
  list(@ActingPatient() patient: ActingProfile, @ReaderLocale() locale: Locale): Promise<ClubEventView[]> {
    return this.club.list(patient, locale);
  }

  @Get('me/registrations')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s event registrations (status also `offered` while a promoted patient may confirm)' })
  mine(@ActingPatient() patient: ActingProfile, @ReaderLocale() locale: Locale): Promise<ClubRegistrationView[]> {
    return this.club.mine(patient, locale);
  }

  @Get('events/registrations/:id')
  @PatientRoute()
  @ApiOperation({ summary: 'One of the account’s registrations (the check-in code once the seat is confirmed)' })
  registration(@CurrentAccount() account: AccountPrincipal, @Param() p: IdParam, @ReaderLocale() locale: Locale): Promise<ClubRegistrationView> {
    return this.club.registration(account, p.id, locale);
  }

  @Get('events/:id')
  @PatientRoute()
  @ApiOperation({ summary: 'One published event as the acting profile sees it' })
  event(@ActingPatient() patient: ActingProfile, @Param() p: IdParam, @ReaderLocale() locale: Locale): Promise<ClubEventView> {
    return this.club.event(patient, p.id, locale);
  }

  @Post('events/:id/registrations')
  @PatientRoute()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → the same registration' })
  @ApiOperation({
    summary:
      'Register: a seat (`registered`, or `pending_payment` with wx.requestPayment parameters), else `waitlisted`; EVENT_NOT_ELIGIBLE (403) names the tiers',
  })
  async register(
    @CurrentAccount() account: AccountPrincipal,
    @ActingPatient() patient: ActingProfile,
    @Param() p: IdParam,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @ReaderLocale() locale: Locale,
  ): Promise<ClubRegistrationResult> {
    const sale = await this.checkout.sell({
      accountId: account.accountId,
      idempotencyKey: key,
      request: `POST /events/${p.id}/registrations ${patient.id}`,
      body: {},
      purpose: 'event',
      create: (m) => this.club.register(m, account, patient, p.id),
    });
    res.status(sale.status);
    if (sale.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return { registration: await this.club.registration(account, sale.subjectId, locale), payment: sale.payment };
  }

  @Post('events/registrations/:id/confirm')
  @PatientRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a seat offered from the waitlist before the offer ends (EVENT_OFFER_EXPIRED after); a fee → payment parameters' })
  async confirm(@CurrentAccount() account: AccountPrincipal, @Param() p: IdParam, @ReaderLocale() locale: Locale): Promise<ClubRegistrationResult> {
    await this.club.confirm(account, p.id);
    const registration = await this.club.registration(account, p.id, locale);
    const payment = registration.status === 'pending_payment' ? await this.checkout.pay('event', p.id) : null;
    return { registration, payment };
  }

  @Post('events/registrations/:id/pay')
  @PatientRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'The payment parameters again for a seat waiting for its fee (PAYMENT_NOT_PAYABLE once the time ran out)' })
  async pay(@CurrentAccount() account: AccountPrincipal, @Param() p: IdParam, @ReaderLocale() locale: Locale): Promise<ClubRegistrationResult> {
    const registration = await this.club.registration(account, p.id, locale);
    return { registration, payment: await this.checkout.pay('event', p.id) };
  }

  @Post('events/registrations/:id/cancel')
  @PatientRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Give up a registration or a waitlist place: the fee and points back in full a day or more before the start' })
  async cancel(@CurrentAccount() account: AccountPrincipal, @Param() p: IdParam, @ReaderLocale() locale: Locale): Promise<ClubRegistrationView> {
    await this.club.cancel(account, p.id);
    return this.club.registration(account, p.id, locale);
  }

  // ---------------------------------------------------------------- staff

  @Get('club/events')
  @Roles('marketing', 'admin', 'service')
  @ApiOperation({ summary: 'Every event with its counts, fill and attendance rates (club staff)' })
  staffList(@CurrentStaff() staff: StaffPrincipal): Promise<StaffClubEventView[]> {
    return this.club.staffList(staff);
  }

  @Get('club/events.csv')
  @Roles('marketing', 'admin', 'service')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Every event’s fill and attendance as CSV (UTF-8 with BOM, headers in the reader’s language)' })
  async staffCsv(@CurrentStaff() staff: StaffPrincipal, @ReaderLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const rows = this.club.csvRows(await this.club.staffList(staff), locale);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="club-events.csv"');
    res.send(`\ufeff${stringify(rows)}`);
  }

  @Get('club/events/:id')
  @Roles('marketing', 'admin', 'service')
  @ApiOperation({ summary: 'One event with its counts (club staff)' })
  staffEvent(@CurrentStaff() staff: StaffPrincipal, @Param() p: IdParam): Promise<StaffClubEventView> {
    return this.club.staffEvent(staff, p.id);
  }

  @Get('club/events/:id/registrations')
  @Roles('marketing', 'admin', 'service')
  @ApiOperation({ summary: 'Who registered, waits or came (names masked for non-clinical staff)' })
  registrations(@CurrentStaff() staff: StaffPrincipal, @Param() p: IdParam): Promise<StaffClubRegistrationView[]> {
    return this.club.registrations(staff, p.id);
  }

  @Post('events')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Create an event as a draft (EVENT_INVALID lists every problem)' })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: ClubEventDto): Promise<StaffClubEventView> {
    return this.club.create(staff, body);
  }

  @Put('events/:id')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Change an event before it starts (never below the seats taken; more seats move the waitlist up)' })
  update(@CurrentStaff() staff: StaffPrincipal, @Param() p: IdParam, @Body() body: ClubEventDto): Promise<StaffClubEventView> {
    return this.club.update(staff, p.id, body);
  }

  @Post('events/:id/publish')
  @Roles('marketing', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft: patients see it' })
  publish(@CurrentStaff() staff: StaffPrincipal, @Param() p: IdParam): Promise<StaffClubEventView> {
    return this.club.publish(staff, p.id);
  }

  @Post('events/:id/cancel')
  @Roles('marketing', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an event: every place given up, fees and points back in full, people told' })
  cancelEvent(@CurrentStaff() staff: StaffPrincipal, @Param() p: IdParam): Promise<StaffClubEventView> {
    return this.club.cancelEvent(staff, p.id);
  }

  @Post('events/:id/check-ins')
  @Roles('marketing', 'admin', 'service')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a patient in by the code in their QR: attendance earns points and invites the post-event survey' })
  checkIn(@CurrentStaff() staff: StaffPrincipal, @Param() p: IdParam, @Body() body: ClubCheckInDto): Promise<ClubCheckInResult> {
    return this.club.checkIn(staff, p.id, body.code);
  }
}
