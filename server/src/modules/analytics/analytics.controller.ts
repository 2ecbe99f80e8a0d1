import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FollowupReport, Locale, ServiceQualityReport } from '@yiban/shared';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { Roles } from '../../common/auth/decorators.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { PeriodQueryDto, QualityQueryDto } from './analytics.dto.js';
import { AnalyticsService } from './analytics.service.js';

/** Analytics: aggregates only (never a patient), for admins, marketing and service staff. */
@ApiTags('analytics')
@Controller('analytics')
@Roles('admin', 'marketing', 'service')
export class AnalyticsController {
  constructor(@Inject(AnalyticsService) private readonly analytics: AnalyticsService) {}

  @Get('service-quality')
  @ApiOperation({ summary: 'The gap model by dimension × touchpoint, department and doctor; NPS, top box, a weekly trend; service issues now' })
  serviceQuality(@Query() query: QualityQueryDto, @ReaderLocale() locale: Locale): Promise<ServiceQualityReport> {
    return this.analytics.serviceQuality(query, locale);
  }

  @Get('service-quality.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same figures as CSV (UTF-8 with BOM for Excel)' })
  async serviceQualityCsv(@Query() query: QualityQueryDto, @ReaderLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const report = await this.analytics.serviceQuality(query, locale);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="service-quality-${report.from}-${report.to}.csv"`);
    res.send(`\ufeff${stringify(this.analytics.csvRows(report, locale))}`);
  }

  @Get('followups')
  @ApiOperation({ summary: 'Follow-up completion and escalation rates by plan template and by case manager (tasks due in the dates)' })
  followups(@Query() query: PeriodQueryDto, @ReaderLocale() locale: Locale): Promise<FollowupReport> {
    return this.analytics.followups(query, locale);
  }

  @Get('followups.csv')
  @ApiProduces('text/csv')
  async followupsCsv(@Query() query: PeriodQueryDto, @ReaderLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const report = await this.analytics.followups(query, locale);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="followups-${report.from}-${report.to}.csv"`);
    res.send(`\ufeff${stringify(this.analytics.followupCsvRows(report, locale))}`);
  }
}
