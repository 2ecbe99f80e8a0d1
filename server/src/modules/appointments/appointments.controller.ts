import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, ROLES, type AppointmentStatus, type AppointmentView } from '@yiban/shared';
import { IsString, Length } from 'class-validator';
import type { Response } from 'express';
import { ActingPatient, CurrentAccount, CurrentPrincipal, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal, Principal } from '../../common/auth/principal.js';
import { fingerprint, Idempotency } from '../../common/idempotency/idempotency.service.js';
import { Optional } from '../../common/http/optional.js';
import type { Patient } from '../patients/patient.entity.js';
import { AppointmentsService } from './appointments.service.js';

export class CreateAppointmentDto {
  @ApiProperty() @IsString() @Length(26, 26) slotId: string;
}

export class CancelAppointmentDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Optional() @IsString() @Length(1, 200) reason?: string;
}

export class AppointmentIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class AppointmentViewDto implements AppointmentView {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() slotId: string;
  @ApiProperty() doctorId: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ description: 'Integer fen' }) fee: number;
  @ApiProperty({ nullable: true, type: String }) holdExpiresAt: string | null;
  @ApiProperty() createdAt: string;
}

export class CreateAppointmentResponseDto {
  @ApiProperty({ type: AppointmentViewDto }) appointment: AppointmentViewDto;
  @ApiProperty({ nullable: true, type: Object, description: 'wx.requestPayment parameters when a fee is due (WeChat Pay arrives with the payments module)' })
  payment: null;
}

@ApiTags('appointments')
@Controller()
export class AppointmentsController {
  constructor(
    @Inject(AppointmentsService) private readonly appointments: AppointmentsService,
    @Inject(Idempotency) private readonly idempotency: Idempotency,
  ) {}

  @Post('appointments')
  @PatientRoute()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → the first answer again; different body → 409' })
  @ApiOperation({ summary: 'Hold a place in a slot for the acting profile (never oversold)' })
  @ApiOkResponse({ type: CreateAppointmentResponseDto })
  async create(
    @CurrentAccount() account: AccountPrincipal,
    @ActingPatient() patient: Patient,
    @Body() body: CreateAppointmentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ appointment: AppointmentView; payment: null }> {
    const result = await this.idempotency.run(account.accountId, key, fingerprint(`POST /appointments ${patient.id}`, body), async (m) => ({
      status: 201,
      body: { appointment: this.appointments.toView(await this.appointments.hold(m, patient, body.slotId)), payment: null },
    }));
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get('me/appointments')
  @PatientRoute()
  @ApiOkResponse({ type: AppointmentViewDto, isArray: true })
  async mine(@ActingPatient() patient: Patient): Promise<AppointmentView[]> {
    return (await this.appointments.listForPatient(patient.id)).map((a) => this.appointments.toView(a));
  }

  @Get('appointments/:id')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'One appointment: its patient’s account, or staff of its department' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async get(@CurrentPrincipal() principal: Principal, @Param() params: AppointmentIdParam): Promise<AppointmentView> {
    return this.appointments.toView(await this.appointments.visibleTo(principal, params.id));
  }

  @Post('appointments/:id/cancel')
  @HttpCode(200)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Cancel; the place goes back to the slot' })
  @ApiOkResponse({ type: AppointmentViewDto })
  async cancel(@CurrentPrincipal() principal: Principal, @Param() params: AppointmentIdParam, @Body() body: CancelAppointmentDto): Promise<AppointmentView> {
    const appointment = await this.appointments.visibleTo(principal, params.id);
    return this.appointments.toView(await this.appointments.cancel(appointment, body.reason ?? (principal.kind === 'account' ? 'patient' : 'staff')));
  }
}
