import { Inject, Injectable } from '@nestjs/common';
import { localized, netPromoterScore, type GapCell, type Locale, type QualityDimension, type ServiceQualityReport, type Touchpoint } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { addDays, isoWeekday, localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CatalogReader } from '../catalog/index.js';
import { SurveyGap } from './survey-gap.entity.js';
import { SurveyResponse } from './survey-response.entity.js';

const round2 = (x: number) => Math.round(x * 100) / 100;
const nameOf = (found: { name: string; nameEn: string } | undefined, locale: Locale) => (found ? localized(found.name, found.nameEn, locale).value : '');

/** The quality figures over a period, without the issues (the analytics module adds those). */
export type QualityFigures = Omit<ServiceQualityReport, 'issues'>;

/**
 * Service quality over a period, aggregated in the database (never one patient): the gap model by dimension,
 * touchpoint, department and doctor; NPS and the top box; a weekly trend. Reads the survey module's own tables.
 */
@Injectable()
export class ServiceQuality {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
  ) {}

  /** `since` inclusive, `before` exclusive; `from`/`to` are the hospital dates they stand for. */
  async figures(
    range: { from: string; to: string; since: Date; before: Date; departmentId?: string; doctorId?: string },
    locale: Locale,
  ): Promise<QualityFigures> {
    const dept = range.departmentId;
    const doctor = range.doctorId;
    const responses = () => {
      const qb = this.dataSource
        .getRepository(SurveyResponse)
        .createQueryBuilder('r')
        .where('r.submittedAt >= :since AND r.submittedAt < :before', { since: range.since, before: range.before });
      if (dept) qb.andWhere('r.departmentId = :dept', { dept });
      if (doctor) qb.andWhere('r.doctorId = :doctor', { doctor });
      return qb;
    };
    const gaps = () => {
      const qb = this.dataSource
        .getRepository(SurveyGap)
        .createQueryBuilder('g')
        .where('g.submittedAt >= :since AND g.submittedAt < :before', { since: range.since, before: range.before });
      if (dept) qb.andWhere('g.departmentId = :dept', { dept });
      if (doctor) qb.andWhere('g.doctorId = :doctor', { doctor });
      return qb;
    };
    const num = (v: unknown) => Number(v ?? 0);

    const totals = await responses()
      .select('COUNT(*)', 'responses')
      .addSelect('SUM(CASE WHEN r.nps >= 9 THEN 1 ELSE 0 END)', 'promoters')
      .addSelect('SUM(CASE WHEN r.nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END)', 'passives')
      .addSelect('SUM(CASE WHEN r.nps <= 6 THEN 1 ELSE 0 END)', 'detractors')
      .addSelect('SUM(r.topBox)', 'top')
      .addSelect('SUM(r.middleBox)', 'middle')
      .addSelect('SUM(r.bottomBox)', 'bottom')
      .getRawOne<Record<string, unknown>>();
    const promoters = num(totals?.promoters);
    const passives = num(totals?.passives);
    const detractors = num(totals?.detractors);
    const answered = promoters + passives + detractors;
    const [top, middle, bottom] = [num(totals?.top), num(totals?.middle), num(totals?.bottom)];

    const cells = (
      await gaps()
        .select('g.dimension', 'dimension')
        .addSelect('g.touchpoint', 'touchpoint')
        .addSelect('AVG(g.gap)', 'gap')
        .addSelect('AVG(g.expectation)', 'expectation')
        .addSelect('AVG(g.perception)', 'perception')
        .addSelect('COUNT(*)', 'n')
        .groupBy('g.dimension')
        .addGroupBy('g.touchpoint')
        .getRawMany<Record<string, unknown>>()
    ).map((r): GapCell => ({
      dimension: r.dimension as QualityDimension,
      touchpoint: (r.touchpoint as Touchpoint | null) ?? null,
      gap: round2(num(r.gap)),
      expectation: round2(num(r.expectation)),
      perception: round2(num(r.perception)),
      n: num(r.n),
    }));
    cells.sort((a, b) => a.dimension.localeCompare(b.dimension) || String(a.touchpoint).localeCompare(String(b.touchpoint)));
    const byDimension = (
      await gaps()
        .select('g.dimension', 'dimension')
        .addSelect('AVG(g.gap)', 'gap')
        .addSelect('COUNT(*)', 'n')
        .groupBy('g.dimension')
        .getRawMany<Record<string, unknown>>()
    )
      .map((r) => ({ dimension: r.dimension as QualityDimension, gap: round2(num(r.gap)), n: num(r.n) }))
      .sort((a, b) => a.gap - b.gap);

    const npsOf = (p: number, d: number, all: number) => (all ? Math.round(((p - d) / all) * 1000) / 10 : null);
    const breakdown = async (column: 'departmentId' | 'doctorId') => {
      const resp = await responses()
        .select(`r.${column}`, 'id')
        .addSelect('COUNT(*)', 'responses')
        .addSelect('SUM(CASE WHEN r.nps >= 9 THEN 1 ELSE 0 END)', 'promoters')
        .addSelect('SUM(CASE WHEN r.nps <= 6 THEN 1 ELSE 0 END)', 'detractors')
        .addSelect('SUM(CASE WHEN r.nps IS NULL THEN 0 ELSE 1 END)', 'answered')
        .andWhere(`r.${column} IS NOT NULL`)
        .groupBy(`r.${column}`)
        .getRawMany<Record<string, unknown>>();
      const gap = new Map(
        (
          await gaps()
            .select(`g.${column}`, 'id')
            .addSelect('AVG(g.gap)', 'gap')
            .andWhere(`g.${column} IS NOT NULL`)
            .groupBy(`g.${column}`)
            .getRawMany<Record<string, unknown>>()
        ).map((r) => [String(r.id), round2(num(r.gap))]),
      );
      return resp.map((r) => ({
        id: String(r.id),
        responses: num(r.responses),
        nps: npsOf(num(r.promoters), num(r.detractors), num(r.answered)),
        gap: gap.get(String(r.id)) ?? null,
      }));
    };
    const [departments, doctors] = [await breakdown('departmentId'), await breakdown('doctorId')];
    const [deptNames, doctorNames] = await Promise.all([
      this.catalog.departments(departments.map((d) => d.id)),
      this.catalog.doctors(doctors.map((d) => d.id)),
    ]);

    // The weekly trend: the few columns of each response and gap in the period, bucketed by hospital week.
    const zone = this.config.timeZone;
    const weekOf = (at: Date) => {
      const day = localDate(at, zone);
      return addDays(day, 1 - isoWeekday(day));
    };
    const weeks = new Map<string, { responses: number; nps: number[]; top: number; rated: number; gaps: number[] }>();
    const bucket = (w: string) => {
      let b = weeks.get(w);
      if (!b) weeks.set(w, (b = { responses: 0, nps: [], top: 0, rated: 0, gaps: [] }));
      return b;
    };
    for (const r of await responses().select(['r.submittedAt', 'r.nps', 'r.topBox', 'r.middleBox', 'r.bottomBox']).getMany()) {
      const b = bucket(weekOf(r.submittedAt));
      b.responses++;
      if (r.nps !== null) b.nps.push(r.nps);
      b.top += r.topBox;
      b.rated += r.topBox + r.middleBox + r.bottomBox;
    }
    // The heat map over time: dimension × week.
    const byWeekDimension = new Map<string, { week: string; dimension: QualityDimension; sum: number; n: number }>();
    for (const g of await gaps().select(['g.submittedAt', 'g.gap', 'g.dimension']).getMany()) {
      const week = weekOf(g.submittedAt);
      bucket(week).gaps.push(g.gap);
      const key = `${week}|${g.dimension}`;
      const cell = byWeekDimension.get(key) ?? byWeekDimension.set(key, { week, dimension: g.dimension as QualityDimension, sum: 0, n: 0 }).get(key)!;
      cell.sum += g.gap;
      cell.n++;
    }
    const trend = [...weeks]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([week, b]) => ({
        week,
        responses: b.responses,
        nps: netPromoterScore(b.nps),
        topBoxShare: b.rated ? round2(b.top / b.rated) : null,
        gap: b.gaps.length ? round2(b.gaps.reduce((x, y) => x + y, 0) / b.gaps.length) : null,
      }));

    return {
      from: range.from,
      to: range.to,
      responses: num(totals?.responses),
      nps: { score: npsOf(promoters, detractors, answered), promoters, passives, detractors, answered },
      boxes: { top, middle, bottom, topBoxShare: top + middle + bottom ? round2(top / (top + middle + bottom)) : null },
      byDimension,
      grid: cells,
      lowest: [...cells].sort((a, b) => a.gap - b.gap).slice(0, 5),
      byDepartment: departments
        .map((d) => ({ departmentId: d.id, name: nameOf(deptNames.get(d.id), locale), gap: d.gap, nps: d.nps, responses: d.responses }))
        .sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0)),
      byDoctor: doctors
        .map((d) => ({ doctorId: d.id, name: nameOf(doctorNames.get(d.id), locale), gap: d.gap, nps: d.nps, responses: d.responses }))
        .sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0)),
      trend,
      overTime: [...byWeekDimension.values()]
        .sort((a, b) => a.week.localeCompare(b.week) || a.dimension.localeCompare(b.dimension))
        .map((c) => ({ week: c.week, dimension: c.dimension, gap: round2(c.sum / c.n), n: c.n })),
    };
  }
}
