import { Body, Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StaffView } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { CreateStaffDto, StaffIdParam, StaffViewDto, UpdateStaffDto } from './staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@Controller()
export class StaffController {
  constructor(@Inject(StaffService) private readonly staff: StaffService) {}

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
}
