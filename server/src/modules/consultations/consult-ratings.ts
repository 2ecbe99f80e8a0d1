import { Inject, Injectable } from '@nestjs/common';
import { localized, maskName, type ConsultRatingSummary, type ConsultRatingsPage, type Locale } from '@yiban/shared';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import { seesPatientNames } from '../../common/auth/access-rules.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { hospitalDays } from '../../common/http/date-range.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CatalogReader } from '../catalog/index.js';
import { PatientsReader } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
import type { RatingsQuery } from './consult-ratings.dto.js';
import { Consultation } from './consultation.entity.js';

/**
 * Patients' ratings of closed consultations, for the service desk and admins: the score, the comment, who answered,
 * and a summary of every rating the filters match. The chat itself is never shown; the patient's name is masked for
 * readers who are not clinical staff (as in the review queue). Every read is audited.
 */
@Injectable()
export class ConsultRatings {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async page(reader: StaffPrincipal, query: RatingsQuery, locale: Locale): Promise<ConsultRatingsPage> {
    this.policy.assert(reader, 'consult_ratings', 'read', {});
    const { since, before } = hospitalDays(query, this.config.timeZone);
    const rated = () => {
      const qb = this.dataSource.getRepository(Consultation).createQueryBuilder('c').where('c.ratedAt IS NOT NULL').andWhere('c.ratingScore IS NOT NULL');
      if (since) qb.andWhere('c.ratedAt >= :since', { since });
      if (before) qb.andWhere('c.ratedAt < :before', { before });
      if (query.maxScore) qb.andWhere('c.ratingScore <= :maxScore', { maxScore: query.maxScore });
      if (query.departmentId) qb.andWhere('c.departmentId = :departmentId', { departmentId: query.departmentId });
      return qb;
    };
    const [summary, page] = await Promise.all([this.summary(rated()), this.newestRatedFirst(rated(), query.limit ?? 20, query.cursor)]);

    const [departments, staff, patients] = await Promise.all([
      this.catalog.departments(page.items.map((c) => c.departmentId)),
      this.staff.byIds(page.items.map((c) => c.assigneeStaffId)),
      this.patients.byIds(page.items.map((c) => c.patientId)),
    ]);
    const names = seesPatientNames(reader);
    await this.audit.record(reader, { action: 'consultation.list', resource: 'consultation.rating', purpose: describe(query, page.items.length) });
    return {
      summary,
      items: page.items.map((c) => {
        const department = departments.get(c.departmentId);
        const name = patients.get(c.patientId)?.name ?? null;
        return {
          consultationId: c.id,
          kind: c.kind,
          departmentId: c.departmentId,
          departmentName: department ? localized(department.name, department.nameEn, locale).value : '',
          staffName: c.assigneeStaffId ? (staff.get(c.assigneeStaffId)?.displayName ?? null) : null,
          patientName: name && !names ? maskName(name) : name,
          patientNameMasked: !names,
          score: c.ratingScore!,
          comment: c.ratingComment,
          ratedAt: c.ratedAt!.toISOString(),
          closedAt: c.closedAt?.toISOString() ?? null,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  private async summary(qb: SelectQueryBuilder<Consultation>): Promise<ConsultRatingSummary> {
    const rows = await qb.select('c.ratingScore', 'score').addSelect('COUNT(*)', 'n').groupBy('c.ratingScore').getRawMany<{ score: unknown; n: unknown }>();
    const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const row of rows) {
      const score = Number(row.score);
      if (score >= 1 && score <= 5) distribution[score - 1] += Number(row.n);
    }
    const count = distribution.reduce((a, b) => a + b, 0);
    const total = distribution.reduce((sum, n, i) => sum + n * (i + 1), 0);
    return { count, average: count ? Math.round((total / count) * 10) / 10 : null, distribution };
  }

  /** One page, the newest rating first (a consultation rated today comes first even if it began weeks ago). */
  private async newestRatedFirst(
    qb: SelectQueryBuilder<Consultation>,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: Consultation[]; nextCursor: string | null }> {
    if (cursor) {
      const [ms, id] = cursor.split('.') as [string, string];
      const at = new Date(Number(ms));
      qb.andWhere('(c.ratedAt < :at OR (c.ratedAt = :at AND c.id < :id))', { at, id });
    }
    const rows = await qb
      .orderBy('c.ratedAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? `${last.ratedAt!.getTime()}.${last.id}` : null };
  }
}

function describe(query: RatingsQuery, shown: number): string {
  const parts = [
    query.from && `from ${query.from}`,
    query.to && `to ${query.to}`,
    query.maxScore && `score ≤ ${query.maxScore}`,
    query.departmentId && `department ${query.departmentId}`,
    query.cursor && 'next page',
  ].filter(Boolean);
  return `ratings (${shown})${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
