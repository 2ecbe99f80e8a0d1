import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ClvReport, FollowupReport, Locale, ServiceQualityReport, TierMigrationReport, TierReport } from '@yiban/shared';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { Roles } from '../../common/auth/decorators.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { ClvQueryDto, PeriodQueryDto, QualityQueryDto, TierMigrationQueryDto } from './analytics.dto.js';
import { AnalyticsService } from './analytics.service.js';

/** Analytics: aggregates only (never a patient), for admins, marketing and service staff (the membership reports: admins and marketing). */
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

  // Membership (#17): admins and marketing only.

  @Get('tiers')
  @Roles('admin', 'marketing')
  @ApiOperation({ summary: 'Patients and net revenue per tier now (lead includes patients never valued); revenue concentration among paying patients' })
  tiers(): Promise<TierReport> {
    return this.analytics.tiers();
  }

  @Get('tiers.csv')
  @Roles('admin', 'marketing')
  @ApiProduces('text/csv')
  async tiersCsv(@ReaderLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const report = await this.analytics.tiers();
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tiers-${report.asOf}.csv"`);
    res.send(`\ufeff${stringify(this.analytics.tierCsvRows(report, locale))}`);
  }

  @Get('tiers/migration')
  @Roles('admin', 'marketing')
  @ApiOperation({ summary: 'The 4×4 matrix of tiers at the end of `from` against the end of `to`, read back from the tier history' })
  tierMigration(@Query() query: TierMigrationQueryDto): Promise<TierMigrationReport> {
    return this.analytics.tierMigration(query);
  }

  @Get('tiers/migration.csv')
  @Roles('admin', 'marketing')
  @ApiProduces('text/csv')
  async tierMigrationCsv(@Query() query: TierMigrationQueryDto, @ReaderLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const report = await this.analytics.tierMigration(query);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tier-migration-${report.from}-${report.to}.csv"`);
    res.send(`\ufeff${stringify(this.analytics.migrationCsvRows(report, locale))}`);
  }

  @Get('clv')
  @Roles('admin', 'marketing')
  @ApiOperation({ summary: 'The lifetime-value table of a first-visit cohort, years 1…5, with the formula and the policy’s inputs' })
  clv(@Query() query: ClvQueryDto): Promise<ClvReport> {
    return this.analytics.clv(query);
  }

  @Get('clv.csv')
  @Roles('admin', 'marketing')
  @ApiProduces('text/csv')
  async clvCsv(@Query() query: ClvQueryDto, @ReaderLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const report = await this.analytics.clv(query);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="clv-${report.cohort}.csv"`);
    res.send(`\ufeff${stringify(this.analytics.clvCsvRows(report, locale))}`);
  }
}
