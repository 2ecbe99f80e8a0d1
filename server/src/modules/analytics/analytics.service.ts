import { Inject, Injectable } from '@nestjs/common';
import { QUALITY_DIMENSION_LABELS, TOUCHPOINT_LABELS, type FollowupReport as FollowupFigures, type Locale, type ServiceQualityReport } from '@yiban/shared';
import { hospitalDays } from '../../common/http/date-range.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { addDays, localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { FollowupReport } from '../followups/index.js';
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
    @Inject(FollowupReport) private readonly followupReport: FollowupReport,
  ) {}

  /** The period asked for (default the last 90 days), checked. */
  private period(query: { from?: string; to?: string }): { from: string; to: string; since: Date; before: Date } {
    const to = query.to ?? localDate(this.clock.now(), this.config.timeZone);
    const from = query.from ?? addDays(to, -89);
    const { since, before } = hospitalDays({ from, to }, this.config.timeZone);
    if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) >= MAX_DAYS * 86_400_000)
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'to', problems: [`atMost${MAX_DAYS}Days`] }] });
    return { from, to, since: since!, before: before! };
  }

  async followups(query: { from?: string; to?: string }, locale: Locale): Promise<FollowupFigures> {
    const { from, to } = this.period(query);
    return this.followupReport.figures({ from, to, today: localDate(this.clock.now(), this.config.timeZone) }, locale);
  }

  /** The follow-up rows as CSV. */
  followupCsvRows(report: FollowupFigures, locale: Locale): string[][] {
    const zh = locale !== 'en';
    const rows: string[][] = [
      zh
        ? ['分组', '名称', '到期任务', '已完成', '逾期未完成', '危急值升级', '完成率', '升级率']
        : ['By', 'Name', 'Due', 'Done', 'Overdue', 'Escalations', 'Completion rate', 'Escalation rate'],
    ];
    for (const r of report.rows)
      rows.push([
        r.by === 'template' ? (zh ? '随访方案' : 'Plan') : zh ? '个案管理师' : 'Case manager',
        r.name,
        String(r.due),
        String(r.done),
        String(r.overdue),
        String(r.escalations),
        r.completionRate === null ? '' : String(r.completionRate),
        r.escalationRate === null ? '' : String(r.escalationRate),
      ]);
    return rows;
  }

  async serviceQuality(query: { from?: string; to?: string; departmentId?: string; doctorId?: string }, locale: Locale): Promise<ServiceQualityReport> {
    const { from, to, since, before } = this.period(query);
    const figures = await this.quality.figures({ from, to, since, before, departmentId: query.departmentId, doctorId: query.doctorId }, locale);
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
