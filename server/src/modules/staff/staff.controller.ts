import { Body, Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientView, StaffView } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import { PatientAccess } from '../../common/auth/patient-access.service.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { StaffViewDto } from '../auth/auth.dto.js';
import { PatientIdParam, PatientViewDto } from '../patients/patients.dto.js';
import { PatientsService } from '../patients/patients.service.js';
import { CreateStaffDto, StaffIdParam, UpdateStaffDto } from './staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@Controller()
export class StaffController {
  constructor(
    @Inject(StaffService) private readonly staff: StaffService,
    @Inject(PatientAccess) private readonly access: PatientAccess,
    @Inject(PatientsService) private readonly patients: PatientsService,
  ) {}

  @Get('staff')
  @Roles('admin')
  @ApiOkResponse({ type: StaffViewDto, isArray: true })
  async list(): Promise<StaffView[]> {
    return (await this.staff.list()).map((s) => this.staff.toView(s));
  }

  @Post('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account (admin)' })
  @ApiOkResponse({ type: StaffViewDto })
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.staff.toView(await this.staff.create(actor, body));
  }

  @Patch('staff/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change roles, department, password or disable an account (admin)' })
  @ApiOkResponse({ type: StaffViewDto })
  async update(@CurrentStaff() actor: StaffPrincipal, @Param() params: StaffIdParam, @Body() body: UpdateStaffDto): Promise<StaffView> {
    return this.staff.toView(await this.staff.update(actor, params.id, body));
  }

  @Get('patients/:id')
  @Roles('doctor', 'nurse', 'case_manager', 'admin')
  @ApiOperation({ summary: 'A patient’s profile for clinical staff; every read is written to the audit log' })
  @ApiOkResponse({ type: PatientViewDto })
  async patient(@CurrentStaff() actor: StaffPrincipal, @Param() params: PatientIdParam): Promise<PatientView> {
    return this.patients.toView(await this.access.forStaff(actor, params.id, { resource: 'patient.profile', purpose: 'view profile' }));
  }
}
