import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DepartmentView, DoctorView } from '@yiban/shared';
import { Public } from '../../common/auth/decorators.js';
import { DepartmentViewDto, DoctorIdParam, DoctorQueryDto, DoctorViewDto } from './catalog.dto.js';
import { CatalogService } from './catalog.service.js';

@ApiTags('catalog')
@Controller()
@Public()
export class CatalogController {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  @Get('departments')
  @ApiOkResponse({ type: DepartmentViewDto, isArray: true })
  departments(): Promise<DepartmentView[]> {
    return this.catalog.departments();
  }

  @Get('doctors')
  @ApiOkResponse({ type: DoctorViewDto, isArray: true })
  doctors(@Query() query: DoctorQueryDto): Promise<DoctorView[]> {
    return this.catalog.doctors(query.departmentId);
  }

  @Get('doctors/:id')
  @ApiOkResponse({ type: DoctorViewDto })
  doctor(@Param() params: DoctorIdParam): Promise<DoctorView> {
    return this.catalog.doctor(params.id);
  }
}
