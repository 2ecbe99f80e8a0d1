import { Inject, Injectable } from '@nestjs/common';
import {
  CLV_FORMULA,
  CLV_YEARS,
  MEMBER_TIER_LABELS,
  PARETO_PERCENTS,
  QUALITY_DIMENSION_LABELS,
  TOUCHPOINT_LABELS,
  addCohortPatient,
  clvTable,
  emptyCohortTotals,
  migrationMatrix,
  paretoRows,
  tierRows,
  type ClvReport,
  type FollowupReport as FollowupFigures,
  type Locale,
  type ServiceQualityReport,
  type TierMigrationReport,
  type TierReport,
} from '@yiban/shared';
import { hospitalDays } from '../../common/http/date-range.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { VisitCohorts } from '../appointments/index.js';
import { FollowupReport } from '../followups/index.js';
import { MembershipReports } from '../membership/index.js';
import { PatientsReader } from '../patients/index.js';
import { SpendReader } from '../payments/index.js';
import { ServiceIssues } from '../service-recovery/index.js';
import { ServiceQuality } from '../surveys/index.js';

/** The longest period one report covers. */
const MAX_DAYS = 366;
/** Cohort patients read per batch of the lifetime-value table (grouped reads per batch; memory stays flat). */
export const CLV_BATCH = 5_000;
/** The earliest cohort year asked for. */
const FIRST_COHORT = 2000;

const yuan = (fen: number) => (fen / 100).toFixed(2);
const percent = (x: number | null) => (x === null ? '' : `${Math.round(x * 1000) / 10}%`);

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
    @Inject(MembershipReports) private readonly memberReports: MembershipReports,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(VisitCohorts) private readonly cohorts: VisitCohorts,
    @Inject(SpendReader) private readonly spend: SpendReader,
  ) {}

  private today(): string {
    return localDate(this.clock.now(), this.config.timeZone);
  }

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

  // ---------------------------------------------------------------- membership (#17): aggregates only

  /** Patients and net revenue per tier now, and how concentrated revenue is among paying patients. */
  async tiers(): Promise<TierReport> {
    const [grouped, total, top] = await Promise.all([this.memberReports.byTier(), this.patients.countAll(), this.memberReports.topSpend(PARETO_PERCENTS)]);
    const base = tierRows(grouped, total);
    return { asOf: this.today(), ...base, payingPatients: top.paying, pareto: paretoRows(top.paying, top.tops, PARETO_PERCENTS, base.revenue) };
  }

  tierCsvRows(report: TierReport, locale: Locale): string[][] {
    const zh = locale !== 'en';
    const label = (t: keyof typeof MEMBER_TIER_LABELS) => (zh ? MEMBER_TIER_LABELS[t].zh : MEMBER_TIER_LABELS[t].en);
    const rows: string[][] = [
      zh
        ? ['等级', '患者数', '患者占比', '净收入（元）', '收入占比', '人均净收入（元）']
        : ['Tier', 'Patients', 'Share of patients', 'Net revenue (CNY)', 'Share of revenue', 'Net revenue per patient (CNY)'],
    ];
    for (const t of report.tiers)
      rows.push([
        label(t.tier),
        String(t.patients),
        percent(t.share),
        yuan(t.revenue),
        percent(t.revenueShare),
        t.revenuePerPatient === null ? '' : yuan(t.revenuePerPatient),
      ]);
    rows.push([zh ? '合计' : 'Total', String(report.patients), '', yuan(report.revenue), '', '']);
    rows.push([]);
    rows.push(zh ? ['付费患者中的前', '患者数', '净收入（元）', '收入占比'] : ['Top of paying patients', 'Patients', 'Net revenue (CNY)', 'Share of revenue']);
    for (const p of report.pareto) rows.push([`${p.topPercent}%`, String(p.patients), yuan(p.revenue), percent(p.revenueShare)]);
    return rows;
  }

  /**
   * Each patient's tier at the end of `from` against the end of `to` (hospital dates; `to` not after today): the
   * tier history read back (see `MembershipReports.migration`), every other patient lead on both.
   */
  async tierMigration(query: { from?: string; to?: string }): Promise<TierMigrationReport> {
    const today = this.today();
    const to = query.to ?? today;
    const from = query.from ?? addDays(to, -365);
    if (to > today) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'to', problems: ['notAfterToday'] }] });
    hospitalDays({ from, to }, this.config.timeZone);
    const endOf = (date: string) => zonedInstant(addDays(date, 1), '00:00', this.config.timeZone);
    const [cells, total] = await Promise.all([
      this.memberReports.migration(endOf(from), endOf(to), { afterDate: from, untilDate: to }),
      this.patients.countAll(),
    ]);
    return { from, to, ...migrationMatrix(cells, total) };
  }

  migrationCsvRows(report: TierMigrationReport, locale: Locale): string[][] {
    const zh = locale !== 'en';
    const label = (t: keyof typeof MEMBER_TIER_LABELS) => (zh ? MEMBER_TIER_LABELS[t].zh : MEMBER_TIER_LABELS[t].en);
    const rows: string[][] = [
      [
        zh ? `${report.from} 的等级 \\ ${report.to} 的等级` : `Tier on ${report.from} \\ tier on ${report.to}`,
        ...report.tiers.map(label),
        zh ? '合计' : 'Total',
      ],
    ];
    report.tiers.forEach((t, i) => rows.push([label(t), ...report.matrix[i]!.map(String), String(report.onFrom[t])]));
    rows.push([zh ? '合计' : 'Total', ...report.tiers.map((t) => String(report.onTo[t])), String(report.patients)]);
    rows.push([]);
    rows.push(zh ? ['升级', '降级', '不变'] : ['Upgraded', 'Downgraded', 'Unchanged']);
    rows.push([String(report.upgraded), String(report.downgraded), String(report.unchanged)]);
    rows.push([]);
    rows.push([
      zh ? `其中首诊在 ${report.from} 之后（当时计为铅质）` : `Of which first visit after ${report.from} (counted as lead then)`,
      ...report.tiers.map(label),
    ]);
    report.tiers.forEach((t, i) => rows.push([label(t), ...report.newcomers[i]!.map(String)]));
    return rows;
  }

  /**
   * The lifetime-value table of a first-visit cohort (default: last year, the most recent complete one). The cohort is
   * walked in id-ordered batches: per batch one grouped read of visits per year and one of payments kept per year, so
   * memory stays flat at a million patients; one-time patients stay in every figure.
   */
  async clv(query: { cohort?: string }): Promise<ClvReport> {
    const today = this.today();
    const currentYear = Number(today.slice(0, 4));
    const cohort = query.cohort ? Number(query.cohort) : currentYear - 1;
    if (!(cohort >= FIRST_COHORT && cohort <= currentYear))
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'cohort', problems: [`between${FIRST_COHORT}And${currentYear}`] }] });
    const settings = await this.memberReports.valueSettings();
    const tz = this.config.timeZone;
    const periods = Array.from({ length: CLV_YEARS }, (_, k) => ({
      since: zonedInstant(`${cohort + k}-01-01`, '00:00', tz),
      before: zonedInstant(`${cohort + k + 1}-01-01`, '00:00', tz),
    }));
    const totals = emptyCohortTotals();
    let cursor: string | null = null;
    for (;;) {
      const ids = await this.cohorts.firstVisitedBetween({ from: `${cohort}-01-01`, to: `${cohort}-12-31` }, cursor, CLV_BATCH);
      if (!ids.length) break;
      const [visits, kept] = await Promise.all([this.cohorts.yearly(ids, cohort, CLV_YEARS), this.spend.netByPeriod(ids, periods)]);
      for (const id of ids) {
        const v = visits.get(id);
        const paid = kept.get(id);
        addCohortPatient(totals, {
          visits: v?.visits ?? [],
          revenue: periods.map((_, k) => (v?.outsideSpend[k] ?? 0) + (paid?.[k] ?? 0)),
        });
      }
      if (ids.length < CLV_BATCH) break;
      cursor = ids[ids.length - 1]!;
    }
    return {
      cohort,
      asOf: today,
      cohortSize: totals.size,
      oneTimeCustomers: totals.oneTime,
      inputs: { marginRate: settings.marginRate, discountRate: settings.discountRate, retentionRate: settings.retentionRate, years: CLV_YEARS },
      formula: CLV_FORMULA,
      rows: clvTable(totals, settings, cohort, currentYear),
    };
  }

  clvCsvRows(report: ClvReport, locale: Locale): string[][] {
    const zh = locale !== 'en';
    const basis = { observed: zh ? '实际' : 'Observed', partial: zh ? '本年至今' : 'This year so far', projected: zh ? '预测' : 'Projected' };
    const rows: string[][] = [
      zh
        ? [
            '年',
            '自然年',
            '依据',
            '客户数',
            '保留率',
            '总收入（元）',
            '变动成本（元）',
            '净利润（元）',
            '折现系数',
            '折现净利润（元）',
            '累计折现净利润（元）',
            '客户终身价值（元）',
          ]
        : [
            'Year',
            'Calendar year',
            'Basis',
            'Customers',
            'Retention rate',
            'Total revenue (CNY)',
            'Variable cost (CNY)',
            'Net profit (CNY)',
            'Discount factor',
            'Discounted net profit (CNY)',
            'Cumulative discounted net profit (CNY)',
            'Lifetime value per customer (CNY)',
          ],
    ];
    for (const r of report.rows)
      rows.push([
        String(r.year),
        String(r.calendarYear),
        basis[r.basis],
        String(r.customers),
        percent(r.retentionRate),
        yuan(r.revenue),
        yuan(r.variableCost),
        yuan(r.netProfit),
        String(r.discountFactor),
        yuan(r.discountedProfit),
        yuan(r.cumulativeDiscountedProfit),
        yuan(r.lifetimeValue),
      ]);
    rows.push([]);
    rows.push(zh ? ['首诊年份', '队列人数', '其中仅就诊一次'] : ['First-visit year', 'Cohort size', 'Of which one visit only']);
    rows.push([String(report.cohort), String(report.cohortSize), String(report.oneTimeCustomers)]);
    rows.push(zh ? ['毛利率', '折现率', '保留率（预测）', '公式'] : ['Margin rate', 'Discount rate', 'Retention rate (projection)', 'Formula']);
    rows.push([percent(report.inputs.marginRate), percent(report.inputs.discountRate), percent(report.inputs.retentionRate), report.formula]);
    return rows;
  }
}
