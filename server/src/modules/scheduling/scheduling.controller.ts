import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CreateSchedulesResponse, SlotView } from '@yiban/shared';
import { CurrentStaff, Public, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { CreateSchedulesDto, CreateSchedulesResponseDto, DoctorIdParam, SlotRangeQueryDto, SlotViewDto } from './scheduling.dto.js';
import { SchedulingService } from './scheduling.service.js';

@ApiTags('scheduling')
@Controller()
export class SchedulingController {
  constructor(@Inject(SchedulingService) private readonly scheduling: SchedulingService) {}

  @Get('doctors/:id/slots')
  @Public()
  @ApiOperation({ summary: 'Bookable slots of a doctor with the places left (default: the next 7 days)' })
  @ApiOkResponse({ type: SlotViewDto, isArray: true })
  slots(@Param() params: DoctorIdParam, @Query() query: SlotRangeQueryDto): Promise<SlotView[]> {
    return this.scheduling.slotsFor(params.id, query);
  }

  @Post('schedules/bulk')
  @Roles('admin', 'doctor', 'nurse', 'case_manager', 'service')
  @ApiOperation({ summary: 'Create clinics and slots for weeks ahead from a weekly pattern (admin, or staff of the doctor’s department)' })
  @ApiOkResponse({ type: CreateSchedulesResponseDto })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateSchedulesDto): Promise<CreateSchedulesResponse> {
    return this.scheduling.createFromPattern(actor, body);
  }
}
