import { Inject, Injectable } from '@nestjs/common';
import { localized, type FollowupReport as Report, type Locale } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { StaffDirectory } from '../staff/index.js';
import { FollowupPlan } from './followup-plan.entity.js';
import { FollowupTask } from './followup-task.entity.js';
import { FollowupTemplate } from './followup-template.entity.js';

interface Row {
  templateId: string;
  caseManagerStaffId: string | null;
  status: string;
  escalated: unknown;
  n: unknown;
}

/**
 * Follow-up completion and escalation by template and by case manager, over the tasks due in the dates (steps only;
 * escalations are counted against the steps they came from). Aggregates only: no patient appears.
 */
@Injectable()
export class FollowupReport {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
  ) {}

  /** `today` is the hospital date by the caller's clock (overdue is counted against it). */
  async figures(range: { from: string; to: string; today: string }, locale: Locale): Promise<Report> {
    const today = range.today;
    const rows = await this.dataSource
      .getRepository(FollowupTask)
      .createQueryBuilder('t')
      .innerJoin(FollowupPlan, 'p', 'p.id = t.planId')
      .select('p.templateId', 'templateId')
      .addSelect('t.caseManagerStaffId', 'caseManagerStaffId')
      .addSelect('t.status', 'status')
      .addSelect('t.escalated', 'escalated')
      .addSelect('COUNT(*)', 'n')
      .where('t.dueOn >= :from AND t.dueOn <= :to', { from: range.from, to: range.to })
      .andWhere("t.status <> 'cancelled'")
      .groupBy('p.templateId')
      .addGroupBy('t.caseManagerStaffId')
      .addGroupBy('t.status')
      .addGroupBy('t.escalated')
      .getRawMany<Row>();
    const templates = new Map((await this.dataSource.getRepository(FollowupTemplate).find()).map((t) => [t.id, t]));
    const staff = await this.staff.byIds(rows.map((r) => r.caseManagerStaffId));
    type Acc = { due: number; done: number; overdue: number; escalations: number };
    const zero = (): Acc => ({ due: 0, done: 0, overdue: 0, escalations: 0 });
    const byTemplate = new Map<string, Acc>();
    const byManager = new Map<string | null, Acc>();
    const totals = zero();
    for (const r of rows) {
      const n = Number(r.n);
      const escalated = r.escalated === true || Number(r.escalated) === 1;
      for (const acc of [
        byTemplate.get(r.templateId) ?? byTemplate.set(r.templateId, zero()).get(r.templateId)!,
        byManager.get(r.caseManagerStaffId) ?? byManager.set(r.caseManagerStaffId, zero()).get(r.caseManagerStaffId)!,
        totals,
      ]) {
        if (escalated) {
          acc.escalations += n;
          continue;
        }
        acc.due += n;
        if (r.status === 'done' || r.status === 'skipped') acc.done += n;
      }
    }
    // Overdue now: still pending and past its day.
    const overdue = await this.dataSource
      .getRepository(FollowupTask)
      .createQueryBuilder('t')
      .innerJoin(FollowupPlan, 'p', 'p.id = t.planId')
      .select('p.templateId', 'templateId')
      .addSelect('t.caseManagerStaffId', 'caseManagerStaffId')
      .addSelect('COUNT(*)', 'n')
      .where('t.dueOn >= :from AND t.dueOn <= :to AND t.dueOn < :today', { from: range.from, to: range.to, today })
      .andWhere("t.status = 'pending'")
      .groupBy('p.templateId')
      .addGroupBy('t.caseManagerStaffId')
      .getRawMany<{ templateId: string; caseManagerStaffId: string | null; n: unknown }>();
    for (const o of overdue) {
      const n = Number(o.n);
      (byTemplate.get(o.templateId) ?? byTemplate.set(o.templateId, zero()).get(o.templateId)!).overdue += n;
      (byManager.get(o.caseManagerStaffId) ?? byManager.set(o.caseManagerStaffId, zero()).get(o.caseManagerStaffId)!).overdue += n;
    }
    const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);
    const row = (by: 'template' | 'case_manager', id: string | null, name: string, a: Acc) => ({
      by,
      id,
      name,
      ...a,
      completionRate: rate(a.done, a.due),
      escalationRate: rate(a.escalations, a.due),
    });
    const [plans, activePlans] = await Promise.all([
      this.dataSource.getRepository(FollowupPlan).createQueryBuilder('p').where('p.startsOn <= :to', { to: range.to }).getCount(),
      this.dataSource.getRepository(FollowupPlan).countBy({ status: 'active' }),
    ]);
    return {
      from: range.from,
      to: range.to,
      rows: [
        ...[...byTemplate].map(([id, a]) => {
          const t = templates.get(id);
          return row('template', id, t ? localized(t.name, t.nameEn, locale).value : id, a);
        }),
        ...[...byManager].map(([id, a]) =>
          row('case_manager', id, id ? (staff.get(id)?.displayName ?? id) : locale === 'en' ? 'Pool (unassigned)' : '待分配', a),
        ),
      ],
      totals: { plans, activePlans, due: totals.due, done: totals.done, escalations: totals.escalations, completionRate: rate(totals.done, totals.due) },
    };
  }
}
