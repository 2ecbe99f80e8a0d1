import { Body, Controller, Get, Inject, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DepartmentRecord, DoctorRecord } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { CatalogAdminService } from './catalog-admin.service.js';
import {
  DepartmentIdParam,
  DepartmentRecordDto,
  DoctorIdParam,
  DoctorQueryDto,
  DoctorRecordDto,
  UpdateDepartmentTextsDto,
  UpdateDoctorTextsDto,
} from './catalog.dto.js';

/** Admins enter the catalogue's texts in Chinese and English; patients read them through CatalogController. */
@ApiTags('catalog')
@Controller('admin/catalog')
@Roles('admin')
export class CatalogAdminController {
  constructor(@Inject(CatalogAdminService) private readonly admin: CatalogAdminService) {}

  @Get('departments')
  @ApiOperation({ summary: 'Every department with its texts in both languages (admin)' })
  @ApiOkResponse({ type: DepartmentRecordDto, isArray: true })
  departments(): Promise<DepartmentRecord[]> {
    return this.admin.departments();
  }

  @Patch('departments/:id')
  @ApiOperation({ summary: "Change a department's texts; an empty English text means there is none yet (admin)" })
  @ApiOkResponse({ type: DepartmentRecordDto })
  updateDepartment(
    @CurrentStaff() actor: StaffPrincipal,
    @Param() params: DepartmentIdParam,
    @Body() body: UpdateDepartmentTextsDto,
  ): Promise<DepartmentRecord> {
    return this.admin.updateDepartment(actor, params.id, body);
  }

  @Get('doctors')
  @ApiOperation({ summary: 'Doctors (of a department) with their texts in both languages (admin)' })
  @ApiOkResponse({ type: DoctorRecordDto, isArray: true })
  doctors(@Query() query: DoctorQueryDto): Promise<DoctorRecord[]> {
    return this.admin.doctors(query.departmentId);
  }

  @Patch('doctors/:id')
  @ApiOperation({ summary: "Change a doctor's texts; an empty English text means there is none yet (admin)" })
  @ApiOkResponse({ type: DoctorRecordDto })
  updateDoctor(@CurrentStaff() actor: StaffPrincipal, @Param() params: DoctorIdParam, @Body() body: UpdateDoctorTextsDto): Promise<DoctorRecord> {
    return this.admin.updateDoctor(actor, params.id, body);
  }
}
