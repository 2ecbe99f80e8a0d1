import { Inject, Injectable } from '@nestjs/common';
import {
  HEALTH_ENTRY_FIELDS,
  MEASUREMENT_BOUNDS,
  MEASUREMENT_FIELDS,
  MEASUREMENT_KINDS,
  MEASUREMENT_RANGE_MAX_DAYS,
  type HealthEntryInput,
  type HealthEntryView,
  type HealthRecordAuthor,
  type HealthRecordView,
  type MeasurementInput,
  type MeasurementKind,
  type MeasurementSeries,
  type MeasurementValueField,
  type MeasurementView,
} from '@yiban/shared';
import { Between, DataSource, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service.js';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { ConsentsService } from '../consents/index.js';
import { StaffDirectory } from '../staff/index.js';
import { HealthMeasurement, HealthRecordEntry } from './health-record.entity.js';

const DAY_MS = 86_400_000;
/** The record's "recent" readings: the last 90 days, at most 300. */
const RECENT_DAYS = 90;
const RECENT_MAX = 300;
/** A phone's clock may run a little ahead of the server's. */
const FUTURE_SKEW_MS = 5 * 60_000;
const OLDEST_READING_MS = 3653 * DAY_MS;

/** Who writes: the patient (their account, for the acting profile) or a staff member. */
type Author = { kind: 'patient' } | { kind: 'staff'; staff: StaffPrincipal };

/**
 * The patient health record (客户健康档案): allergies, conditions, medications and readings, entered by the patient or
 * by clinical staff. The patient always reads their own; staff read it through the access policy (care relationship or
 * break the glass, every read audited) and only while the health-data consent is current — withdrawn, the record is
 * hidden from them (HEALTH_RECORD_CONSENT_WITHDRAWN). Marketing and service never read one.
 */
@Injectable()
export class HealthRecordService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ConsentsService) private readonly consents: ConsentsService,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
  ) {}

  // ------------------------------------------------------------------ reading

  /** The patient's own record (always readable by them, whatever their consents). */
  async record(patientId: string): Promise<HealthRecordView> {
    const m = this.dataSource.manager;
    const now = this.clock.now();
    const [entries, recent, latest, shared] = await Promise.all([
      m.getRepository(HealthRecordEntry).find({ where: { patientId }, order: { createdAt: 'DESC', id: 'DESC' } }),
      m.getRepository(HealthMeasurement).find({
        where: { patientId, measuredAt: MoreThanOrEqual(new Date(now.getTime() - RECENT_DAYS * DAY_MS)) },
        order: { measuredAt: 'DESC', id: 'DESC' },
        take: RECENT_MAX,
      }),
      Promise.all(
        MEASUREMENT_KINDS.map((kind) => m.getRepository(HealthMeasurement).findOne({ where: { patientId, kind }, order: { measuredAt: 'DESC', id: 'DESC' } })),
      ),
      this.consents.hasCurrent(patientId, 'health_data'),
    ]);
    const authors = await this.authors([...entries, ...recent, ...latest.filter((r): r is HealthMeasurement => r !== null)]);
    const entryViews = entries.map((e) => entryView(e, authors)).sort((a, b) => Number(b.active) - Number(a.active));
    return {
      patientId,
      allergies: entryViews.filter((e) => e.kind === 'allergy'),
      conditions: entryViews.filter((e) => e.kind === 'condition'),
      medications: entryViews.filter((e) => e.kind === 'medication'),
      latest: {
        blood_pressure: latest[0] ? measurementView(latest[0], authors) : null,
        glucose: latest[1] ? measurementView(latest[1], authors) : null,
        weight: latest[2] ? measurementView(latest[2], authors) : null,
      },
      recent: recent.map((r) => measurementView(r, authors)),
      sharedWithCareTeam: shared,
    };
  }

  /**
   * Staff reading a patient's record: the access policy decides (clinical roles; a care relationship or a live
   * break-the-glass grant) and audits the read; then, without a current health-data consent, nothing is shown.
   */
  async recordForStaff(staff: StaffPrincipal, patientId: string): Promise<HealthRecordView> {
    await this.openForStaff(staff, patientId, 'view health record');
    return this.record(patientId);
  }

  /** Readings of one kind between hospital-time dates (default: the 90 days up to today), oldest first. */
  async series(patientId: string, query: { kind: MeasurementKind; from?: string; to?: string }): Promise<MeasurementSeries> {
    const today = localDate(this.clock.now(), this.config.timeZone);
    const to = query.to ?? (query.from && addDays(query.from, RECENT_DAYS - 1) < today ? addDays(query.from, RECENT_DAYS - 1) : today);
    const from = query.from ?? addDays(to, -(RECENT_DAYS - 1));
    if (to < from) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'to', problems: ['notBeforeFrom'] }] });
    if (addDays(from, MEASUREMENT_RANGE_MAX_DAYS) <= to) {
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'from', problems: [`atMost${MEASUREMENT_RANGE_MAX_DAYS}Days`] }] });
    }
    const since = zonedInstant(from, '00:00', this.config.timeZone);
    const before = new Date(zonedInstant(addDays(to, 1), '00:00', this.config.timeZone).getTime() - 1);
    const rows = await this.dataSource.getRepository(HealthMeasurement).find({
      where: { patientId, kind: query.kind, measuredAt: Between(since, before) },
      order: { measuredAt: 'ASC', id: 'ASC' },
    });
    const authors = await this.authors(rows);
    return { kind: query.kind, from, to, items: rows.map((r) => measurementView(r, authors)) };
  }

  // ------------------------------------------------------------------ writing

  async addEntry(patientId: string, input: HealthEntryInput, author: Author = { kind: 'patient' }): Promise<HealthEntryView> {
    const values = entryValues(input);
    const entry = await this.tx.run(async (m) => {
      const row = m.getRepository(HealthRecordEntry).create({ patientId, ...values, enteredByStaffId: author.kind === 'staff' ? author.staff.staffId : null });
      await m.insert(HealthRecordEntry, row);
      if (author.kind === 'staff') await this.audited(m, author.staff, patientId, 'health_record.entry', row.id, `add ${input.kind}`);
      return row;
    });
    return this.entry(patientId, entry.id);
  }

  /** Replaces an entry of the patient's record with what the form now says. */
  async replaceEntry(patientId: string, id: string, input: HealthEntryInput): Promise<HealthEntryView> {
    const values = entryValues(input);
    await this.tx.run(async (m) => {
      const found = await m.getRepository(HealthRecordEntry).existsBy({ id, patientId });
      if (!found) throw new DomainError('HEALTH_RECORD_ENTRY_NOT_FOUND');
      await m.update(HealthRecordEntry, { id, patientId }, values);
    });
    return this.entry(patientId, id);
  }

  async removeEntry(patientId: string, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const result = await m.delete(HealthRecordEntry, { id, patientId });
      if (!result.affected) throw new DomainError('HEALTH_RECORD_ENTRY_NOT_FOUND');
    });
  }

  async addMeasurement(patientId: string, input: MeasurementInput, author: Author = { kind: 'patient' }): Promise<MeasurementView> {
    const values = this.measurementValues(input);
    const row = await this.tx.run(async (m) => {
      const reading = m
        .getRepository(HealthMeasurement)
        .create({ patientId, ...values, enteredByStaffId: author.kind === 'staff' ? author.staff.staffId : null });
      await m.insert(HealthMeasurement, reading);
      if (author.kind === 'staff') await this.audited(m, author.staff, patientId, 'health_record.measurement', reading.id, `add ${input.kind}`);
      return reading;
    });
    const saved = await this.dataSource.getRepository(HealthMeasurement).findOneByOrFail({ id: row.id });
    return measurementView(saved, await this.authors([saved]));
  }

  async removeMeasurement(patientId: string, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const result = await m.delete(HealthMeasurement, { id, patientId });
      if (!result.affected) throw new DomainError('HEALTH_MEASUREMENT_NOT_FOUND');
    });
  }

  /** Clinical staff adding to a record they may open (audited: the read, and the change). Bad input is refused first. */
  async staffAddEntry(staff: StaffPrincipal, patientId: string, input: HealthEntryInput): Promise<HealthEntryView> {
    entryValues(input);
    await this.openForStaff(staff, patientId, `add ${input.kind}`);
    return this.addEntry(patientId, input, { kind: 'staff', staff });
  }

  async staffAddMeasurement(staff: StaffPrincipal, patientId: string, input: MeasurementInput): Promise<MeasurementView> {
    this.measurementValues(input);
    await this.openForStaff(staff, patientId, `add ${input.kind}`);
    return this.addMeasurement(patientId, input, { kind: 'staff', staff });
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The access policy first (so a caller without access learns nothing about the patient's consents), then the
   * health-data consent: not current, the record is hidden from staff.
   */
  private async openForStaff(staff: StaffPrincipal, patientId: string, purpose: string): Promise<void> {
    await this.policy.readPatientRecord(staff, patientId, { resource: 'health_record', purpose });
    if (!(await this.consents.hasCurrent(patientId, 'health_data'))) throw new DomainError('HEALTH_RECORD_CONSENT_WITHDRAWN', { patientId });
  }

  private audited(m: EntityManager, staff: StaffPrincipal, patientId: string, resource: string, resourceId: string, purpose: string): Promise<void> {
    return this.audit.record(staff, { action: 'patient.update', patientId, resource, resourceId, purpose }, m);
  }

  private async entry(patientId: string, id: string): Promise<HealthEntryView> {
    const row = await this.dataSource.getRepository(HealthRecordEntry).findOneBy({ id, patientId });
    if (!row) throw new DomainError('HEALTH_RECORD_ENTRY_NOT_FOUND');
    return entryView(row, await this.authors([row]));
  }

  private async authors(rows: { enteredByStaffId: string | null }[]): Promise<Map<string, string | null>> {
    const staff = await this.staff.byIds(rows.map((r) => r.enteredByStaffId));
    return new Map([...staff].map(([id, s]) => [id, s.displayName]));
  }

  /** The reading's columns, after the kind's fields, the ranges and the time are checked. */
  private measurementValues(input: MeasurementInput): Partial<HealthMeasurement> {
    const wanted = MEASUREMENT_FIELDS[input.kind];
    const valueFields = ['systolic', 'diastolic', 'glucoseMmol', 'glucoseContext', 'weightKg'] as const;
    const problems = [
      ...wanted.filter((f) => input[f] === undefined).map((field) => ({ field, problems: ['requiredForKind'] })),
      ...valueFields.filter((f) => !wanted.includes(f) && input[f] !== undefined).map((field) => ({ field, problems: ['notForKind'] })),
    ];
    if (problems.length) throw new DomainError('VALIDATION_FAILED', { fields: problems });
    for (const field of Object.keys(MEASUREMENT_BOUNDS) as MeasurementValueField[]) {
      const value = input[field];
      const bounds = MEASUREMENT_BOUNDS[field];
      if (value !== undefined && (value < bounds.min || value > bounds.max)) {
        throw new DomainError('HEALTH_MEASUREMENT_OUT_OF_RANGE', { field, min: bounds.min, max: bounds.max, unit: bounds.unit });
      }
    }
    if (input.kind === 'blood_pressure' && input.systolic! <= input.diastolic!) throw new DomainError('HEALTH_MEASUREMENT_INCONSISTENT');
    const measuredAt = new Date(input.measuredAt);
    const now = this.clock.now().getTime();
    if (Number.isNaN(measuredAt.getTime()) || measuredAt.getTime() > now + FUTURE_SKEW_MS || measuredAt.getTime() < now - OLDEST_READING_MS) {
      throw new DomainError('HEALTH_MEASUREMENT_TIME_INVALID');
    }
    return {
      kind: input.kind,
      measuredAt,
      systolic: input.systolic ?? null,
      diastolic: input.diastolic ?? null,
      glucoseTenths: input.glucoseMmol === undefined ? null : Math.round(input.glucoseMmol * 10),
      glucoseContext: input.glucoseContext ?? null,
      weightTenths: input.weightKg === undefined ? null : Math.round(input.weightKg * 10),
      note: input.note ?? null,
    };
  }
}

const ENTRY_OPTIONAL = ['category', 'reaction', 'severity', 'icd10', 'dose', 'frequency', 'since', 'until'] as const;

/** The entry's columns: the kind's own fields (others refused), the rest null; `until` not before `since`. */
function entryValues(input: HealthEntryInput): Partial<HealthRecordEntry> {
  const allowed = HEALTH_ENTRY_FIELDS[input.kind];
  const foreign = ENTRY_OPTIONAL.filter((f) => !allowed.includes(f) && input[f] !== undefined);
  if (foreign.length) throw new DomainError('VALIDATION_FAILED', { fields: foreign.map((field) => ({ field, problems: ['notForKind'] })) });
  if (input.since && input.until && input.until < input.since) throw new DomainError('HEALTH_RECORD_DATES_INVALID');
  return {
    kind: input.kind,
    name: input.name,
    category: input.category ?? null,
    reaction: input.reaction ?? null,
    severity: input.severity ?? null,
    icd10: input.icd10 ?? null,
    dose: input.dose ?? null,
    frequency: input.frequency ?? null,
    since: input.since ?? null,
    until: input.until ?? null,
    active: input.kind === 'allergy' ? true : (input.active ?? true),
    note: input.note ?? null,
  };
}

function author(staffId: string | null, names: Map<string, string | null>): HealthRecordAuthor {
  return staffId ? { kind: 'staff', staffId, name: names.get(staffId) ?? null } : { kind: 'patient' };
}

function entryView(e: HealthRecordEntry, names: Map<string, string | null>): HealthEntryView {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    category: e.category,
    reaction: e.reaction,
    severity: e.severity,
    icd10: e.icd10,
    dose: e.dose,
    frequency: e.frequency,
    since: e.since,
    until: e.until,
    active: Boolean(e.active),
    note: e.note,
    enteredBy: author(e.enteredByStaffId, names),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function measurementView(r: HealthMeasurement, names: Map<string, string | null>): MeasurementView {
  return {
    id: r.id,
    kind: r.kind,
    measuredAt: r.measuredAt.toISOString(),
    systolic: r.systolic,
    diastolic: r.diastolic,
    glucoseMmol: r.glucoseTenths === null ? null : r.glucoseTenths / 10,
    glucoseContext: r.glucoseContext,
    weightKg: r.weightTenths === null ? null : r.weightTenths / 10,
    note: r.note,
    enteredBy: author(r.enteredByStaffId, names),
    createdAt: r.createdAt.toISOString(),
  };
}
