import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DepartmentView, DoctorView, Locale } from '@yiban/shared';
import { Public } from '../../common/auth/decorators.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { DepartmentViewDto, DoctorIdParam, DoctorQueryDto, DoctorViewDto } from './catalog.dto.js';
import { CatalogService } from './catalog.service.js';

/** The catalogue as anyone browses it, rendered in the reader's language: a cache must keep one copy per language. */
@ApiTags('catalog')
@Controller()
@Public()
export class CatalogController {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  @Get('departments')
  @Header('Vary', 'Accept-Language')
  @ApiOkResponse({ type: DepartmentViewDto, isArray: true })
  departments(@ReaderLocale() locale: Locale): Promise<DepartmentView[]> {
    return this.catalog.departments(locale);
  }

  @Get('doctors')
  @Header('Vary', 'Accept-Language')
  @ApiOkResponse({ type: DoctorViewDto, isArray: true })
  doctors(@Query() query: DoctorQueryDto, @ReaderLocale() locale: Locale): Promise<DoctorView[]> {
    return this.catalog.doctors(locale, query.departmentId);
  }

  @Get('doctors/:id')
  @Header('Vary', 'Accept-Language')
  @ApiOkResponse({ type: DoctorViewDto })
  doctor(@Param() params: DoctorIdParam, @ReaderLocale() locale: Locale): Promise<DoctorView> {
    return this.catalog.doctor(params.id, locale);
  }
}
