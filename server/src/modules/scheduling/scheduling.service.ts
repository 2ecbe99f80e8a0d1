import { Inject, Injectable } from '@nestjs/common';
import { type ClinicSessionView, type CreateSchedulesResponse, type StopSessionResponse, type UpdateSlotRequest } from '@yiban/shared';
import { DataSource, In } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { addDays, isoWeekday, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { CatalogReader } from '../catalog/index.js';
import { ClinicSession } from './clinic-session.entity.js';
import type { CreateSchedulesDto } from './scheduling.dto.js';
import { Slot } from './slot.entity.js';
import { SlotListings, type SlotViewsJson } from './slot-listings.js';
import { SlotsService } from './slots.service.js';

const MAX_RANGE_DAYS = 31;

/** Doctors' clinics and their bookable slots. */
@Injectable()
export class SchedulingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(SlotsService) private readonly slotsService: SlotsService,
    @Inject(SlotListings) private readonly listings: SlotListings,
  ) {}

  private get zone(): string {
    return this.config.timeZone;
  }

  /** Creates clinics and slots for `weeks` weeks from a weekly pattern; clinics that already exist are left alone. */
  async createFromPattern(actor: StaffPrincipal, input: CreateSchedulesDto): Promise<CreateSchedulesResponse> {
    const doctor = await this.catalog.activeDoctor(input.doctorId);
    this.policy.assert(actor, 'department', 'manage_schedule', { departmentId: doctor.departmentId });
    if (input.fromDate < localDate(this.clock.now(), this.zone)) throw new DomainError('SCHEDULE_DATE_IN_PAST');
    for (const item of input.pattern) {
      if (item.end <= item.start) throw new DomainError('SCHEDULE_TIME_INVALID');
      if (!doctor.visitTypes.some((v) => v.type === item.visitType)) throw new DomainError('SCHEDULE_VISIT_TYPE_UNAVAILABLE', { visitType: item.visitType });
    }
    return this.tx.run(async (m) => {
      const result: CreateSchedulesResponse = { sessionsCreated: 0, slotsCreated: 0, skipped: [] };
      for (let day = 0; day < input.weeks * 7; day++) {
        const date = addDays(input.fromDate, day);
        for (const item of input.pattern.filter((p) => p.weekday === isoWeekday(date))) {
          if (await m.getRepository(ClinicSession).existsBy({ doctorId: doctor.id, date, period: item.period })) {
            result.skipped.push({ date, period: item.period });
            continue;
          }
          const session = m.getRepository(ClinicSession).create({
            doctorId: doctor.id,
            departmentId: doctor.departmentId,
            date,
            period: item.period,
            visitType: item.visitType,
            createdByStaffId: actor.staffId,
          });
          await m.insert(ClinicSession, session);
          result.sessionsCreated++;
          const fee = doctor.visitTypes.find((v) => v.type === item.visitType)!.fee;
          const startsAt = zonedInstant(date, item.start, this.zone);
          const endsAt = zonedInstant(date, item.end, this.zone);
          const slots: Slot[] = [];
          for (let t = startsAt.getTime(); t + item.slotMinutes * 60_000 <= endsAt.getTime(); t += item.slotMinutes * 60_000) {
            slots.push(
              m.getRepository(Slot).create({
                sessionId: session.id,
                doctorId: doctor.id,
                departmentId: doctor.departmentId,
                startsAt: new Date(t),
                endsAt: new Date(t + item.slotMinutes * 60_000),
                capacity: item.capacityPerSlot,
                fee,
                visitType: item.visitType,
                reservedForTier: item.reservedForTier ?? null,
              }),
            );
          }
          if (slots.length) await m.insert(Slot, slots);
          result.slotsCreated += slots.length;
          this.listings.changed(m, doctor.id, [date]);
        }
      }
      return result;
    });
  }

  /**
   * Open slots of a doctor from `from` to `to` (exclusive), soonest first, as the JSON of `SlotView[]`; past slots are
   * never offered. The doctor comes from the catalogue's kept rows, the slots from the listings kept per doctor-day.
   */
  async slotsFor(doctorId: string, range: { from?: string; to?: string }): Promise<SlotViewsJson> {
    if (!(await this.catalog.doctors([doctorId])).get(doctorId)?.active) throw new DomainError('DOCTOR_NOT_FOUND');
    const now = this.clock.now();
    const from = range.from ? this.parseBoundary(range.from) : now;
    const to = range.to ? this.parseBoundary(range.to) : new Date(from.getTime() + 7 * 86_400_000);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw new DomainError('SCHEDULE_RANGE_TOO_LONG', { maxDays: MAX_RANGE_DAYS });
    return this.listings.json(doctorId, from > now ? from : now, to);
  }

  /** Clinics with their slots for the schedule editor: a department (default: the caller's) or one doctor, `from`–`to` inclusive. */
  async sessions(actor: StaffPrincipal, query: { departmentId?: string; doctorId?: string; from: string; to: string }): Promise<ClinicSessionView[]> {
    if (query.to < query.from) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'to', problems: ['before from'] }] });
    if (addDays(query.from, MAX_RANGE_DAYS) < query.to) throw new DomainError('SCHEDULE_RANGE_TOO_LONG', { maxDays: MAX_RANGE_DAYS });
    const departmentId = await this.catalog.departmentFor(query, actor.departmentIds[0]);
    this.policy.assert(actor, 'department', 'manage_schedule', { departmentId });
    const qb = this.dataSource
      .getRepository(ClinicSession)
      .createQueryBuilder('s')
      .where('s.departmentId = :departmentId AND s.date >= :from AND s.date <= :to', { departmentId, from: query.from, to: query.to })
      .orderBy('s.date', 'ASC')
      .addOrderBy('s.period', 'ASC');
    if (query.doctorId) qb.andWhere('s.doctorId = :doctorId', { doctorId: query.doctorId });
    return this.sessionViews(await qb.getMany());
  }

  private async sessionViews(sessions: ClinicSession[]): Promise<ClinicSessionView[]> {
    if (!sessions.length) return [];
    const slots = await this.dataSource.getRepository(Slot).find({ where: { sessionId: In(sessions.map((s) => s.id)) }, order: { startsAt: 'ASC' } });
    const doctors = await this.catalog.doctors(sessions.map((s) => s.doctorId));
    const order = { morning: 0, afternoon: 1, evening: 2 };
    return [...sessions]
      .sort((a, b) => a.date.localeCompare(b.date) || order[a.period] - order[b.period] || a.doctorId.localeCompare(b.doctorId))
      .map((s) => ({
        id: s.id,
        doctorId: s.doctorId,
        doctorName: doctors.get(s.doctorId)?.name ?? '',
        departmentId: s.departmentId,
        date: s.date,
        period: s.period,
        visitType: s.visitType,
        status: s.status,
        stoppedReason: s.stoppedReason,
        slots: slots
          .filter((slot) => slot.sessionId === s.id)
          .map((slot) => ({
            id: slot.id,
            startsAt: slot.startsAt.toISOString(),
            endsAt: slot.endsAt.toISOString(),
            capacity: slot.capacity,
            booked: slot.booked,
            fee: slot.fee,
            reservedForTier: slot.reservedForTier,
            status: slot.status,
          })),
      }));
  }

  /**
   * A doctor's leave: the clinic and its slots stop, every appointment in it is cancelled and refunded in full,
   * and each patient is told — all in one transaction.
   */
  async stopSession(actor: StaffPrincipal, sessionId: string, reason: string): Promise<StopSessionResponse> {
    const found = await this.dataSource.getRepository(ClinicSession).findOneBy({ id: sessionId });
    if (!found) throw new DomainError('SESSION_NOT_FOUND');
    this.policy.assert(actor, 'department', 'manage_schedule', { departmentId: found.departmentId });
    const result = await this.tx.run(async (m) => {
      const session = await lockRow(m, ClinicSession, sessionId);
      if (!session) throw new DomainError('SESSION_NOT_FOUND');
      if (session.status === 'stopped') throw new DomainError('SESSION_ALREADY_STOPPED');
      await m.update(ClinicSession, { id: session.id }, { status: 'stopped', stoppedReason: reason });
      this.listings.changed(m, session.doctorId, [session.date]);
      const slots = await m.getRepository(Slot).findBy({ sessionId: session.id });
      if (slots.length) await m.update(Slot, { id: In(slots.map((s) => s.id)) }, { status: 'stopped' });
      if (!slots.length) return { appointmentsCancelled: 0, refundsRequested: 0 };
      // Not bookable now rather than full: holds find out from the slots themselves.
      this.slotsService.freed(
        m,
        slots.map((s) => s.id),
      );
      return this.slotsService.sessionStopped(
        m,
        slots.map((s) => s.id),
        reason,
      );
    });
    const [session] = await this.sessionViews([await this.dataSource.getRepository(ClinicSession).findOneByOrFail({ id: sessionId })]);
    return { session: session!, ...result };
  }

  /** Changes a slot: capacity (never below the places taken), fee (only while nobody holds a place), tier reservation. */
  async updateSlot(actor: StaffPrincipal, slotId: string, changes: UpdateSlotRequest): Promise<ClinicSessionView> {
    const found = await this.dataSource.getRepository(Slot).findOneBy({ id: slotId });
    if (!found) throw new DomainError('SLOT_NOT_FOUND');
    this.policy.assert(actor, 'department', 'manage_schedule', { departmentId: found.departmentId });
    await this.tx.run(async (m) => {
      const slot = await lockRow(m, Slot, slotId);
      if (!slot) throw new DomainError('SLOT_NOT_FOUND');
      if (slot.status !== 'open') throw new DomainError('SLOT_NOT_BOOKABLE');
      const update: Partial<Slot> = {};
      if (changes.capacity !== undefined) {
        if (changes.capacity < slot.booked) throw new DomainError('SLOT_CAPACITY_BELOW_BOOKED', { booked: slot.booked });
        update.capacity = changes.capacity;
      }
      if (changes.fee !== undefined && changes.fee !== slot.fee) {
        if (slot.booked > 0) throw new DomainError('SLOT_FEE_LOCKED');
        update.fee = changes.fee;
      }
      if (changes.reservedForTier !== undefined) update.reservedForTier = changes.reservedForTier;
      if (Object.keys(update).length) {
        await m.update(Slot, { id: slot.id }, update);
        this.listings.changed(m, slot.doctorId, [slot.startsAt]);
      }
      if (update.capacity !== undefined && update.capacity > slot.capacity) {
        this.slotsService.freed(m, [slot.id]);
        // More places: those waiting for the day get them first.
        await this.jobs.enqueue(m, 'waitlist.offer-next', { doctorId: slot.doctorId, date: localDate(slot.startsAt, this.zone) });
      }
    });
    const session = await this.dataSource.getRepository(ClinicSession).findOneByOrFail({ id: found.sessionId });
    return (await this.sessionViews([session]))[0]!;
  }

  /** A date means its start in hospital time; a full timestamp is taken as it is. */
  private parseBoundary(value: string): Date {
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? zonedInstant(value, '00:00', this.zone) : new Date(value);
  }
}
