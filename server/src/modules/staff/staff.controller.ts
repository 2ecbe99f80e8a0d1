import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StaffAccountView } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { CreateStaffDto, ResetStaffPasswordDto, StaffAccountViewDto, StaffIdParam, StaffListQuery, UpdateStaffDto } from './staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@Controller()
export class StaffController {
  constructor(@Inject(StaffService) private readonly staff: StaffService) {}

  @Get('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'Staff accounts, active first; search by words in the username or name, a role, active or not (admin)' })
  @ApiOkResponse({ type: StaffAccountViewDto, isArray: true })
  async list(@Query() query: StaffListQuery): Promise<StaffAccountView[]> {
    return (await this.staff.list(query)).map((s) => this.staff.toAccountView(s));
  }

  @Post('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account (admin); doctors and nurses name their department' })
  @ApiOkResponse({ type: StaffAccountViewDto })
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffAccountView> {
    return this.staff.toAccountView(await this.staff.create(actor, body));
  }

  @Patch('staff/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change name, roles, department, password, or disable/enable an account (admin); sessions end on a role, password or disable' })
  @ApiOkResponse({ type: StaffAccountViewDto })
  async update(@CurrentStaff() actor: StaffPrincipal, @Param() params: StaffIdParam, @Body() body: UpdateStaffDto): Promise<StaffAccountView> {
    return this.staff.toAccountView(await this.staff.update(actor, params.id, body));
  }

  @Post('staff/:id/password')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Set a new password for a member (admin); every session of theirs ends at once' })
  @ApiOkResponse({ type: StaffAccountViewDto })
  async resetPassword(@CurrentStaff() actor: StaffPrincipal, @Param() params: StaffIdParam, @Body() body: ResetStaffPasswordDto): Promise<StaffAccountView> {
    return this.staff.toAccountView(await this.staff.resetPassword(actor, params.id, body.password));
  }
}
