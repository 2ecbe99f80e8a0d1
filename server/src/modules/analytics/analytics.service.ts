import { Inject, Injectable } from '@nestjs/common';
import { QUALITY_DIMENSION_LABELS, TOUCHPOINT_LABELS, type Locale, type ServiceQualityReport } from '@yiban/shared';
import { hospitalDays } from '../../common/http/date-range.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { addDays, localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { ServiceIssues } from '../service-recovery/index.js';
import { ServiceQuality } from '../surveys/index.js';

/** The longest period one report covers. */
const MAX_DAYS = 366;

/**
 * Analytics for admins, marketing and service staff: aggregates only, composed from what the owning modules export
 * (surveys' service quality, service recovery's issue counts).
 */
@Injectable()
export class AnalyticsService {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ServiceQuality) private readonly quality: ServiceQuality,
    @Inject(ServiceIssues) private readonly issues: ServiceIssues,
  ) {}

  async serviceQuality(query: { from?: string; to?: string; departmentId?: string }, locale: Locale): Promise<ServiceQualityReport> {
    const to = query.to ?? localDate(this.clock.now(), this.config.timeZone);
    const from = query.from ?? addDays(to, -89);
    const { since, before } = hospitalDays({ from, to }, this.config.timeZone);
    if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) >= MAX_DAYS * 86_400_000)
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'to', problems: [`atMost${MAX_DAYS}Days`] }] });
    const figures = await this.quality.figures({ from, to, since: since!, before: before!, departmentId: query.departmentId }, locale);
    return { ...figures, issues: await this.issues.summary() };
  }

  /** The heat map's cells and the departments as CSV rows (labels in the reader's language). */
  csvRows(report: ServiceQualityReport, locale: Locale): string[][] {
    const label = (l: { zh: string; en: string } | undefined) => (l ? (locale === 'en' ? l.en : l.zh) : '');
    const zh = locale !== 'en';
    const rows: string[][] = [
      zh ? ['维度', '接触点', '期望', '实际', '差距 (P−E)', '配对数'] : ['Dimension', 'Touchpoint', 'Expected', 'Perceived', 'Gap (P−E)', 'Pairs'],
    ];
    for (const c of report.grid)
      rows.push([
        label(QUALITY_DIMENSION_LABELS[c.dimension]),
        c.touchpoint ? label(TOUCHPOINT_LABELS[c.touchpoint]) : '',
        String(c.expectation),
        String(c.perception),
        String(c.gap),
        String(c.n),
      ]);
    rows.push([]);
    rows.push(zh ? ['科室', '差距 (P−E)', 'NPS', '问卷数'] : ['Department', 'Gap (P−E)', 'NPS', 'Responses']);
    for (const d of report.byDepartment) rows.push([d.name, d.gap === null ? '' : String(d.gap), d.nps === null ? '' : String(d.nps), String(d.responses)]);
    return rows;
  }
}
