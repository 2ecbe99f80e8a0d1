import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { VisitKind, VisitView } from '@yiban/shared';
import { DataSource, type EntityManager, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CatalogReader } from '../catalog/index.js';
import { countVisits } from './patient-visit-stats.entity.js';
import { VisitDiagnosis } from './visit-diagnosis.entity.js';
import { Visit } from './visit.entity.js';

/**
 * Visits (encounters) for the other modules: the online follow-up gate, the patient panel beside a chat, and later
 * analytics, tiers, surveys and follow-ups. Visits are written here too, by completing an appointment (or, later, the HIS).
 */
/** Told of each visit recorded, in its transaction (surveys invite after a visit). */
export type VisitRecordedListener = (m: EntityManager, visit: Visit, diagnosisCodes: readonly string[]) => Promise<void>;

@Injectable()
export class VisitsReader implements OnModuleInit {
  private readonly recordedListeners: VisitRecordedListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // A care relationship: a visit to one of the staff member's departments within the window.
    this.access.addCareSource('visit', async (staff, patientId, since) => {
      if (!staff.departmentIds.length) return false;
      return this.dataSource.getRepository(Visit).existsBy({
        patientId,
        departmentId: In(staff.departmentIds),
        date: MoreThanOrEqual(localDate(since, this.config.timeZone)),
      });
    });
  }

  /** The latest visit to the department on or after `sinceDate` (a hospital-local YYYY-MM-DD), if any. */
  recentVisit(patientId: string, departmentId: string, sinceDate: string): Promise<Visit | null> {
    return this.dataSource.getRepository(Visit).findOne({ where: { patientId, departmentId, date: MoreThanOrEqual(sinceDate) }, order: { date: 'DESC' } });
  }

  /** First or return, for completed appointments. */
  async kindsOf(appointmentIds: string[]): Promise<Map<string, VisitKind>> {
    if (!appointmentIds.length) return new Map();
    const rows = await this.dataSource.getRepository(Visit).findBy({ appointmentId: In(appointmentIds) });
    return new Map(rows.map((v) => [v.appointmentId!, v.kind]));
  }

  /** A module that acts on visits (surveys) listens here: called in the transaction of each visit recorded. */
  onRecorded(listener: VisitRecordedListener): void {
    this.recordedListeners.push(listener);
  }

  /**
   * Writes a visit and its ICD-10 diagnoses in the caller's transaction (a first visit to the department, or a return),
   * then tells the listeners (surveys, follow-ups) with the diagnoses.
   */
  async record(
    m: EntityManager,
    visit: Pick<Visit, 'patientId' | 'appointmentId' | 'departmentId' | 'doctorId' | 'date' | 'amountSpent' | 'source'> &
      Partial<Pick<Visit, 'encounterClass' | 'externalRef'>>,
    diagnosisCodes: readonly string[] = [],
  ): Promise<Visit> {
    const repo = m.getRepository(Visit);
    const earlier =
      (await repo.existsBy({ patientId: visit.patientId, departmentId: visit.departmentId, date: LessThan(visit.date) })) ||
      (await repo.existsBy({ patientId: visit.patientId, departmentId: visit.departmentId, date: visit.date }));
    const row = repo.create({ ...visit, kind: earlier ? 'return' : 'first' });
    await m.insert(Visit, row);
    await countVisits(m, [row]);
    const codes = [...new Set(diagnosisCodes)];
    if (codes.length)
      await m.insert(
        VisitDiagnosis,
        codes.map((code) => m.getRepository(VisitDiagnosis).create({ visitId: row.id, patientId: row.patientId, code })),
      );
    for (const listener of this.recordedListeners) await listener(m, row, codes);
    return row;
  }

  /**
   * What the value model reads of each patient's visits: first and last date, how many, and what visits recorded
   * outside the booking flow (HIS, staff) say was spent (a booked visit's spend is its payment, counted by payments).
   */
  async valueFacts(
    patientIds: readonly string[],
    m?: EntityManager,
  ): Promise<Map<string, { firstVisitOn: string; lastVisitOn: string; visits: number; outsideSpend: number }>> {
    if (!patientIds.length) return new Map();
    return this.valueFactsWhere('v.patientId IN (:...ids)', { ids: patientIds }, m);
  }

  /**
   * `valueFacts` of every patient whose id is from `first` to `last` (both included): a walk over all patients in id
   * order reads its batch as one index range — several times cheaper on MariaDB than the same 1,000 ids in an IN list.
   */
  valueFactsBetween(
    first: string,
    last: string,
    m?: EntityManager,
  ): Promise<Map<string, { firstVisitOn: string; lastVisitOn: string; visits: number; outsideSpend: number }>> {
    return this.valueFactsWhere('v.patientId BETWEEN :first AND :last', { first, last }, m);
  }

  private async valueFactsWhere(
    where: string,
    params: Record<string, unknown>,
    m?: EntityManager,
  ): Promise<Map<string, { firstVisitOn: string; lastVisitOn: string; visits: number; outsideSpend: number }>> {
    const rows = await (m ?? this.dataSource.manager)
      .getRepository(Visit)
      .createQueryBuilder('v')
      .select('v.patientId', 'patientId')
      .addSelect('MIN(v.date)', 'first')
      .addSelect('MAX(v.date)', 'last')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN v.appointmentId IS NULL THEN v.amountSpent ELSE 0 END)', 'outside')
      .where(where, params)
      .groupBy('v.patientId')
      .getRawMany<{ patientId: string; first: string; last: string; n: unknown; outside: unknown }>();
    return new Map(rows.map((r) => [r.patientId, { firstVisitOn: r.first, lastVisitOn: r.last, visits: Number(r.n), outsideSpend: Number(r.outside ?? 0) }]));
  }

  /** The visit recorded under the hospital's encounter number, if any. */
  byExternalRef(externalRef: string, m: EntityManager): Promise<Visit | null> {
    return m.getRepository(Visit).findOneBy({ externalRef });
  }

  /** The diagnoses of a visit (ICD-10 codes). */
  async diagnosesOf(visitId: string, m?: EntityManager): Promise<string[]> {
    return (await (m ?? this.dataSource.manager).getRepository(VisitDiagnosis).findBy({ visitId })).map((d) => d.code);
  }

  /** A patient's latest 100 visits (or the one asked for) in the reader's catalogue names. */
  async views(patientId: string, visitId?: string): Promise<VisitView[]> {
    const visits = await this.dataSource
      .getRepository(Visit)
      .find({ where: { patientId, ...(visitId && { id: visitId }) }, order: { date: 'DESC' }, take: 100 });
    const [departments, doctors] = await Promise.all([
      this.catalog.departments(visits.map((v) => v.departmentId)),
      this.catalog.doctors(visits.map((v) => v.doctorId)),
    ]);
    return visits.map((v) => ({
      id: v.id,
      patientId: v.patientId,
      appointmentId: v.appointmentId,
      departmentId: v.departmentId,
      departmentName: departments.get(v.departmentId)?.name ?? '',
      departmentNameEn: departments.get(v.departmentId)?.nameEn ?? '',
      doctorId: v.doctorId,
      doctorName: v.doctorId ? (doctors.get(v.doctorId)?.name ?? null) : null,
      doctorNameEn: v.doctorId ? (doctors.get(v.doctorId)?.nameEn ?? null) : null,
      date: v.date,
      kind: v.kind,
      encounterClass: v.encounterClass,
      amountSpent: v.amountSpent,
    }));
  }
}
