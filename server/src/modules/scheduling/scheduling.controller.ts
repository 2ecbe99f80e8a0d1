import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClinicSessionView, CreateSchedulesResponse, StopSessionResponse } from '@yiban/shared';
import type { Response } from 'express';
import { CurrentStaff, Public, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import {
  ClinicSessionViewDto,
  CreateSchedulesDto,
  CreateSchedulesResponseDto,
  DoctorIdParam,
  IdParamDto,
  SessionsQueryDto,
  SlotRangeQueryDto,
  SlotViewDto,
  StopSessionDto,
  StopSessionResponseDto,
  UpdateSlotDto,
} from './scheduling.dto.js';

const SCHEDULERS = ['admin', 'doctor', 'nurse', 'case_manager', 'service'] as const;
import { SchedulingService } from './scheduling.service.js';

@ApiTags('scheduling')
@Controller()
export class SchedulingController {
  constructor(@Inject(SchedulingService) private readonly scheduling: SchedulingService) {}

  @Get('doctors/:id/slots')
  @Public()
  @ApiOperation({ summary: 'Bookable slots of a doctor with the places left (default: the next 7 days)' })
  @ApiOkResponse({ type: SlotViewDto, isArray: true })
  async slots(@Param() params: DoctorIdParam, @Query() query: SlotRangeQueryDto, @Res() res: Response): Promise<void> {
    // Sent as the listings keep it, serialised; Express answers a matching If-None-Match with 304.
    const { body, etag } = await this.scheduling.slotsFor(params.id, query);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', etag);
    res.send(body);
  }

  @Post('schedules/bulk')
  @Roles(...SCHEDULERS)
  @ApiOperation({ summary: 'Create clinics and slots for weeks ahead from a weekly pattern (admin, or staff of the doctor’s department)' })
  @ApiOkResponse({ type: CreateSchedulesResponseDto })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateSchedulesDto): Promise<CreateSchedulesResponse> {
    return this.scheduling.createFromPattern(actor, body);
  }

  @Get('schedules/sessions')
  @Roles(...SCHEDULERS)
  @ApiOperation({ summary: 'Clinics and their slots (booked / capacity) for the schedule editor: a department or a doctor, from–to' })
  @ApiOkResponse({ type: ClinicSessionViewDto, isArray: true })
  sessions(@CurrentStaff() actor: StaffPrincipal, @Query() query: SessionsQueryDto): Promise<ClinicSessionView[]> {
    return this.scheduling.sessions(actor, query);
  }

  @Post('schedules/sessions/:id/stop')
  @HttpCode(200)
  @Roles(...SCHEDULERS)
  @ApiOperation({ summary: 'Stop a clinic (doctor’s leave): its appointments are cancelled, refunded in full and the patients told' })
  @ApiOkResponse({ type: StopSessionResponseDto })
  stop(@CurrentStaff() actor: StaffPrincipal, @Param() params: IdParamDto, @Body() body: StopSessionDto): Promise<StopSessionResponse> {
    return this.scheduling.stopSession(actor, params.id, body.reason);
  }

  @Patch('slots/:id')
  @Roles(...SCHEDULERS)
  @ApiOperation({ summary: 'Edit a slot: capacity (not below places taken), fee (only while unbooked), tier reservation' })
  @ApiOkResponse({ type: ClinicSessionViewDto })
  updateSlot(@CurrentStaff() actor: StaffPrincipal, @Param() params: IdParamDto, @Body() body: UpdateSlotDto): Promise<ClinicSessionView> {
    return this.scheduling.updateSlot(actor, params.id, body);
  }
}
