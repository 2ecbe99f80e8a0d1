import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, STAFF_ROLES, type AppointmentView, type AppointmentWithPayment, type VisitView, type WaitlistEntryView } from '@yiban/shared';
import type { Response } from 'express';
import { ActingPatient, CurrentAccount, CurrentPrincipal, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal, ActingProfile, Principal, StaffPrincipal } from '../../common/auth/principal.js';
import { Checkout, type Sale } from '../payments/index.js';
import type { Appointment } from './appointment.entity.js';
import {
  AppointmentViewDto,
  AppointmentWithPaymentDto,
  CancelAppointmentDto,
  CheckInDto,
  CreateAppointmentDto,
  CompleteAppointmentDto,
  IdParam,
  JoinWaitlistDto,
  RecordVisitDto,
  RescheduleAppointmentDto,
  StaffAppointmentsQuery,
  VisitViewDto,
  WaitlistEntryViewDto,
} from './appointments.dto.js';
import { AppointmentsService } from './appointments.service.js';
import { VisitRecords } from './visit-records.service.js';
import { VisitsReader } from './visits.reader.js';
import { WaitlistService } from './waitlist.service.js';

@ApiTags('appointments')
@Controller()
export class AppointmentsController {
  constructor(
    @Inject(AppointmentsService) private readonly appointments: AppointmentsService,
    @Inject(WaitlistService) private readonly waitlist: WaitlistService,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(VisitsReader) private readonly visitsReader: VisitsReader,
    @Inject(VisitRecords) private readonly visitRecords: VisitRecords,
  ) {}

  private async view(principal: Principal, appointment: Appointment): Promise<AppointmentView> {
    return this.appointments.toView(appointment, principal.kind === 'account');
  }

  /** What a sale answers: the appointment, and what to pay it with (null when nothing is due or WeChat Pay is down: pay later). */
  private async sold(account: AccountPrincipal, sale: Sale, res: Response): Promise<AppointmentWithPayment> {
    res.status(sale.status);
    if (sale.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const appointment = await this.appointments.visibleTo(account, sale.subjectId);
    return { appointment: await this.appointments.toView(appointment, true), payment: sale.payment };
  }

  @Post('appointments')
  @PatientRoute({ consent: true, realName: true })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → the first answer again; different body → 409' })
  @ApiOperation({ summary: 'Hold a place in a slot for the acting profile (never oversold); a fee → a WeChat Pay order and its wx.requestPayment parameters' })
  @ApiOkResponse({ type: AppointmentWithPaymentDto })
  async create(
    @CurrentAccount() account: AccountPrincipal,
    @ActingPatient() patient: ActingProfile,
    @Body() body: CreateAppointmentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentWithPayment> {
    let held: Appointment | null = null;
    // Holds on one slot take turns; a slot found full a moment ago is refused before any transaction (a clinic
    // opening, thousands at once).
    const sale = await this.appointments.inSlotTurn(body.slotId, (refuseIfFull) =>
      this.checkout.sell({
        accountId: account.accountId,
        idempotencyKey: key,
        request: `POST /appointments ${patient.id}`,
        body,
        purpose: 'appointment',
        create: async (m) => (held = await this.appointments.hold(m, patient, body.slotId)).id,
        createsNew: true,
        before: refuseIfFull,
      }),
    );
    // Answered from what the hold wrote (a replayed key reads the first appointment back).
    if (held && !sale.replayed) {
      res.status(sale.status);
      return { appointment: await this.appointments.toView(held, true, patient), payment: sale.payment };
    }
    return this.sold(account, sale, res);
  }

  @Post('appointments/:id/pay')
  @HttpCode(200)
  @Roles('patient')
  @ApiOperation({ summary: 'The wx.requestPayment parameters again for an appointment waiting for payment' })
  @ApiOkResponse({ type: AppointmentWithPaymentDto })
  async pay(@CurrentAccount() account: AccountPrincipal, @Param() params: IdParam): Promise<AppointmentWithPayment> {
    const appointment = await this.appointments.visibleTo(account, params.id, 'pay');
    const payment = await this.checkout.pay('appointment', appointment.id);
    return { appointment: await this.appointments.toView(appointment, true), payment };
  }

  @Get('me/appointments')
  @PatientRoute()
  @ApiOkResponse({ type: AppointmentViewDto, isArray: true })
  async mine(@ActingPatient() patient: ActingProfile): Promise<AppointmentView[]> {
    return this.appointments.toViews(await this.appointments.listForPatient(patient.id), true);
  }

  @Get('me/visits')
  @PatientRoute({ consent: true })
  @ApiOperation({ summary: 'The acting profile’s visits (completed appointments), first or return per department' })
  @ApiOkResponse({ type: VisitViewDto, isArray: true })
  visits(@ActingPatient() patient: ActingProfile): Promise<VisitView[]> {
    return this.visitsReader.views(patient.id);
  }

  @Post('visits')
  @Roles('admin', 'doctor', 'nurse', 'case_manager')
  @ApiOperation({
    summary:
      'Record a discharge (inpatient) or an outside visit for a department, until an HIS feeds them: a visit like any other (surveys, follow-up enrolment); the encounter number makes a replay answer the first (200)',
  })
  @ApiOkResponse({ type: VisitViewDto })
  async recordVisit(@CurrentStaff() staff: StaffPrincipal, @Body() body: RecordVisitDto, @Res({ passthrough: true }) res: Response): Promise<VisitView> {
    const { visit, replayed } = await this.visitRecords.record(staff, body);
    res.status(replayed ? 200 : 201);
    return visit;
  }

  @Get('appointments/:id')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'One appointment: its patient’s account, or clinic staff of its department' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async get(@CurrentPrincipal() principal: Principal, @Param() params: IdParam): Promise<AppointmentView> {
    return this.view(principal, await this.appointments.visibleTo(principal, params.id));
  }

  @Post('appointments/:id/cancel')
  @HttpCode(200)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Cancel; the place goes back (or to the waitlist) and the payment is refunded by the hospital’s rule' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async cancel(@CurrentPrincipal() principal: Principal, @Param() params: IdParam, @Body() body: CancelAppointmentDto): Promise<AppointmentView> {
    const appointment = await this.appointments.visibleTo(principal, params.id, 'cancel');
    return this.view(principal, await this.appointments.cancel(appointment, principal.kind === 'account' ? 'patient' : 'staff', body.reason?.trim() ?? null));
  }

  @Post('appointments/:id/reschedule')
  @HttpCode(200)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Move to another slot of the same department and fee in one step; the payment carries over' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async reschedule(@CurrentPrincipal() principal: Principal, @Param() params: IdParam, @Body() body: RescheduleAppointmentDto): Promise<AppointmentView> {
    const appointment = await this.appointments.visibleTo(principal, params.id, 'reschedule');
    return this.view(principal, await this.appointments.reschedule(appointment, body.slotId, principal.kind === 'account' ? 'patient' : 'staff'));
  }

  @Post('check-ins')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: 'Check a patient in by the code of their appointment QR (same day, own department)' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async checkInByCode(@CurrentStaff() staff: StaffPrincipal, @Body() body: CheckInDto): Promise<AppointmentView> {
    return this.appointments.toView(await this.appointments.checkInByCode(staff, body.code));
  }

  @Post('appointments/:id/check-in')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOkResponse({ type: AppointmentViewDto })
  async checkIn(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam): Promise<AppointmentView> {
    const appointment = await this.appointments.visibleTo(staff, params.id, 'check_in');
    return this.appointments.toView(await this.appointments.checkIn(staff, appointment));
  }

  @Post('appointments/:id/complete')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: 'Seen: the appointment becomes a visit (first or return for the department), with its ICD-10 diagnoses if given' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async complete(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @Body() body: CompleteAppointmentDto): Promise<AppointmentView> {
    const appointment = await this.appointments.visibleTo(staff, params.id, 'complete');
    return this.appointments.toView(await this.appointments.complete(staff, appointment, body.diagnosisCodes ?? []));
  }

  @Post('appointments/:id/no-show')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: 'Mark a confirmed appointment a no-show once its time has ended' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async noShow(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam): Promise<AppointmentView> {
    const appointment = await this.appointments.visibleTo(staff, params.id, 'no_show');
    return this.appointments.toView(await this.appointments.markNoShow(staff, appointment));
  }

  @Get('staff/appointments')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: 'A day’s appointments of a department or doctor (front desk, clinic); audited' })
  @ApiOkResponse({ type: AppointmentViewDto, isArray: true })
  async forStaff(@CurrentStaff() staff: StaffPrincipal, @Query() query: StaffAppointmentsQuery): Promise<AppointmentView[]> {
    return this.appointments.toViews(await this.appointments.listForStaff(staff, query));
  }

  // ---------------------------------------------------------------- waitlist

  @Post('waitlist')
  @PatientRoute({ consent: true, realName: true })
  @ApiOperation({ summary: 'Wait for a place with a doctor on a full day; a freed place is offered for a short window' })
  @ApiOkResponse({ type: WaitlistEntryViewDto })
  async joinWaitlist(
    @ActingPatient() patient: ActingProfile,
    @Body() body: JoinWaitlistDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WaitlistEntryView> {
    const entry = await this.waitlist.join(patient, body.doctorId, body.date);
    res.status(201);
    return (await this.waitlist.toViews([entry]))[0]!;
  }

  @Get('me/waitlist')
  @PatientRoute()
  @ApiOkResponse({ type: WaitlistEntryViewDto, isArray: true })
  async myWaitlist(@ActingPatient() patient: ActingProfile): Promise<WaitlistEntryView[]> {
    return this.waitlist.toViews(await this.waitlist.listForPatient(patient.id));
  }

  @Post('waitlist/:id/accept')
  @HttpCode(200)
  @Roles('patient')
  @ApiOperation({ summary: 'Take the offered place: an appointment (with payment parameters when a fee is due)' })
  @ApiOkResponse({ type: AppointmentWithPaymentDto })
  async accept(
    @CurrentAccount() account: AccountPrincipal,
    @Param() params: IdParam,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentWithPayment> {
    const sale = await this.checkout.sell({
      accountId: account.accountId,
      idempotencyKey: undefined,
      request: `POST /waitlist/${params.id}/accept`,
      body: {},
      purpose: 'appointment',
      create: (m) => this.appointments.acceptOffer(m, account, params.id),
    });
    return this.sold(account, { ...sale, status: 200 }, res);
  }

  @Post('waitlist/:id/decline')
  @HttpCode(200)
  @Roles('patient')
  @ApiOkResponse({ type: WaitlistEntryViewDto })
  async decline(@CurrentAccount() account: AccountPrincipal, @Param() params: IdParam): Promise<WaitlistEntryView> {
    const entry = await this.waitlist.decline(await this.waitlist.visibleTo(account, params.id, 'decline'));
    return (await this.waitlist.toViews([entry]))[0]!;
  }

  @Post('waitlist/:id/cancel')
  @HttpCode(200)
  @Roles('patient')
  @ApiOkResponse({ type: WaitlistEntryViewDto })
  async leave(@CurrentAccount() account: AccountPrincipal, @Param() params: IdParam): Promise<WaitlistEntryView> {
    const entry = await this.waitlist.leave(await this.waitlist.visibleTo(account, params.id, 'leave'));
    return (await this.waitlist.toViews([entry]))[0]!;
  }
}
