import { Inject, Injectable } from '@nestjs/common';
import type { CreateSchedulesResponse, SlotView } from '@yiban/shared';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { Doctor } from '../catalog/doctor.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { ClinicSession } from './clinic-session.entity.js';
import type { CreateSchedulesDto } from './scheduling.dto.js';
import { Slot } from './slot.entity.js';
import { addDays, isoWeekday, localDate, zonedInstant } from './zoned-time.js';

const MAX_RANGE_DAYS = 31;

/** Doctors' clinics and their bookable slots. */
@Injectable()
export class SchedulingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get zone(): string {
    return this.config.timeZone;
  }

  /** Admins manage every schedule; other staff only their own department's. */
  async assertCanManage(actor: StaffPrincipal, departmentId: string): Promise<void> {
    if (actor.roles.includes('admin')) return;
    const staff = await this.dataSource.getRepository(StaffMember).findOneBy({ id: actor.staffId });
    if (!staff || staff.departmentId !== departmentId) throw new DomainError('SCHEDULE_NOT_YOUR_DEPARTMENT');
  }

  /** Creates clinics and slots for `weeks` weeks from a weekly pattern; clinics that already exist are left alone. */
  async createFromPattern(actor: StaffPrincipal, input: CreateSchedulesDto): Promise<CreateSchedulesResponse> {
    const doctor = await this.dataSource.getRepository(Doctor).findOneBy({ id: input.doctorId, active: true });
    if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
    await this.assertCanManage(actor, doctor.departmentId);
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
        }
      }
      return result;
    });
  }

  /** Open slots of a doctor from `from` to `to` (exclusive), soonest first; past slots are never offered. */
  async slotsFor(doctorId: string, range: { from?: string; to?: string }): Promise<SlotView[]> {
    if (!(await this.dataSource.getRepository(Doctor).existsBy({ id: doctorId, active: true }))) throw new DomainError('DOCTOR_NOT_FOUND');
    const now = this.clock.now();
    const from = range.from ? this.parseBoundary(range.from) : now;
    const to = range.to ? this.parseBoundary(range.to) : new Date(from.getTime() + 7 * 86_400_000);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw new DomainError('SCHEDULE_RANGE_TOO_LONG', { maxDays: MAX_RANGE_DAYS });
    const start = from > now ? from : now;
    const slots = await this.dataSource
      .getRepository(Slot)
      .createQueryBuilder('s')
      .where('s.doctorId = :doctorId AND s.status = :open AND s.startsAt >= :start AND s.startsAt < :to', { doctorId, open: 'open', start, to })
      .orderBy('s.startsAt', 'ASC')
      .getMany();
    return slots.map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      fee: s.fee,
      remaining: Math.max(0, s.capacity - s.booked),
      visitType: s.visitType,
      reservedForTier: s.reservedForTier,
    }));
  }

  /** A date means its start in hospital time; a full timestamp is taken as it is. */
  private parseBoundary(value: string): Date {
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? zonedInstant(value, '00:00', this.zone) : new Date(value);
  }
}
