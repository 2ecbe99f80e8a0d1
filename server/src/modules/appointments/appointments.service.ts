import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ACTIVE_APPOINTMENT_STATUSES, type AppointmentView } from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { Patient } from '../patients/patient.entity.js';
import { localDate } from '../scheduling/zoned-time.js';
import { Slot } from '../scheduling/slot.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { Doctor } from '../catalog/doctor.entity.js';
import { Department } from '../catalog/department.entity.js';
import { DeliveriesService } from '../messaging/deliveries.service.js';
import { Appointment } from './appointment.entity.js';

const REMINDERS = [
  { key: 'day-before', beforeMs: 24 * 3_600_000 },
  { key: 'two-hours-before', beforeMs: 2 * 3_600_000 },
] as const;

/** Holding, releasing and cancelling places in slots. The capacity rule lives in the UPDATE itself. */
@Injectable()
export class AppointmentsService implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
  ) {}

  onModuleInit(): void {
    this.registry.register('appointments.release-hold', ({ payload }) => this.releaseExpiredHold(payload.appointmentId));
  }

  toView(a: Appointment): AppointmentView {
    return {
      id: a.id,
      patientId: a.patientId,
      slotId: a.slotId,
      doctorId: a.doctorId,
      departmentId: a.departmentId,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      status: a.status,
      fee: a.fee,
      holdExpiresAt: a.holdExpiresAt?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
    };
  }

  /**
   * Takes a place in the slot for the patient, inside the caller's transaction. Free visits are confirmed at once;
   * paid ones wait for payment until the hold runs out, when a job gives the place back.
   */
  async hold(m: EntityManager, patient: Patient, slotId: string): Promise<Appointment> {
    const now = this.clock.now();
    const taken = await m
      .createQueryBuilder()
      .update(Slot)
      .set({ booked: () => 'booked + 1' })
      .where('id = :slotId AND status = :open AND booked < capacity AND startsAt > :now', { slotId, open: 'open', now })
      .execute();
    if (!taken.affected) {
      const slot = await m.getRepository(Slot).findOneBy({ id: slotId });
      if (!slot) throw new DomainError('SLOT_NOT_FOUND');
      if (slot.status !== 'open' || slot.startsAt <= now) throw new DomainError('SLOT_NOT_BOOKABLE');
      throw new DomainError('SLOT_FULL');
    }
    const slot = await m.getRepository(Slot).findOneByOrFail({ id: slotId });
    const bookedOn = localDate(now, this.config.timeZone);
    const today = await m.getRepository(Appointment).countBy({ patientId: patient.id, bookedOn, status: In([...ACTIVE_APPOINTMENT_STATUSES, 'completed']) });
    if (today >= this.config.booking.dailyLimit) throw new DomainError('APPOINTMENT_DAILY_LIMIT', { max: this.config.booking.dailyLimit });
    if (await m.getRepository(Appointment).existsBy({ activeKey: `${patient.id}:${slot.id}` })) throw new DomainError('APPOINTMENT_DUPLICATE');
    const paid = slot.fee > 0;
    const appointment = m.getRepository(Appointment).create({
      patientId: patient.id,
      accountId: patient.accountId ?? '',
      slotId: slot.id,
      doctorId: slot.doctorId,
      departmentId: slot.departmentId,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      status: paid ? 'pending_payment' : 'confirmed',
      fee: slot.fee,
      activeKey: `${patient.id}:${slot.id}`,
      bookedOn,
      holdExpiresAt: paid ? new Date(now.getTime() + this.config.booking.holdMinutes * 60_000) : null,
    });
    await m.insert(Appointment, appointment);
    if (appointment.status === 'confirmed') await this.scheduleReminders(m, appointment, patient);
    if (appointment.holdExpiresAt) {
      await this.jobs.enqueue(
        m,
        'appointments.release-hold',
        { appointmentId: appointment.id },
        { runAt: appointment.holdExpiresAt, idempotencyKey: `release-hold:${appointment.id}` },
      );
    }
    return m.getRepository(Appointment).findOneByOrFail({ id: appointment.id });
  }

  /**
   * The day-before and two-hours-before reminders of a confirmed appointment, queued with it (sent against the
   * patient's grant; skipped if there is none; withdrawn if the appointment is cancelled).
   */
  async scheduleReminders(m: EntityManager, appointment: Appointment, patient: Patient): Promise<void> {
    const now = this.clock.now();
    const doctor = await m.getRepository(Doctor).findOneByOrFail({ id: appointment.doctorId });
    const department = await m.getRepository(Department).findOneByOrFail({ id: appointment.departmentId });
    const local = new Intl.DateTimeFormat('zh-CN', {
      timeZone: this.config.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(appointment.startsAt)
      .replace(/\//g, '-');
    for (const reminder of REMINDERS) {
      const at = new Date(appointment.startsAt.getTime() - reminder.beforeMs);
      if (at <= now) continue;
      await this.deliveries.queue(m, {
        patientId: patient.id,
        kind: 'appointment_reminder',
        data: {
          name1: (patient.name ?? '就诊人').slice(0, 10),
          thing2: `${department.name} ${department.location}`.slice(0, 20),
          name3: doctor.name.slice(0, 10),
          time4: local,
          thing5: '请提前15分钟到达，携带身份证件',
        },
        page: `packages/booking/pages/appointment/index?id=${appointment.id}`,
        dedupeKey: `appointment:${appointment.id}:${reminder.key}`,
        notBefore: at,
        expiresAt: appointment.startsAt,
      });
    }
  }

  /** The job: an appointment still unpaid when its hold ran out gives its place back. */
  async releaseExpiredHold(appointmentId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const appointment = await lockRow(m, Appointment, appointmentId);
      if (!appointment || appointment.status !== 'pending_payment' || !appointment.holdExpiresAt || appointment.holdExpiresAt > this.clock.now()) return;
      await this.endAndRelease(m, appointment, { status: 'expired' });
    });
  }

  async cancel(appointment: Appointment, reason: string): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current || !['pending_payment', 'confirmed'].includes(current.status)) throw new DomainError('APPOINTMENT_NOT_CANCELLABLE');
      await this.endAndRelease(m, current, { status: 'cancelled', cancelledAt: this.clock.now(), cancelReason: reason });
      return m.getRepository(Appointment).findOneByOrFail({ id: current.id });
    });
  }

  private async endAndRelease(
    m: EntityManager,
    appointment: Appointment,
    changes: Partial<Pick<Appointment, 'status' | 'cancelledAt' | 'cancelReason'>>,
  ): Promise<void> {
    await m.update(Appointment, { id: appointment.id }, { ...changes, activeKey: null });
    await this.deliveries.withdraw(
      m,
      REMINDERS.map((r) => `appointment:${appointment.id}:${r.key}`),
    );
    await m
      .createQueryBuilder()
      .update(Slot)
      .set({ booked: () => 'booked - 1' })
      .where('id = :id AND booked > 0', { id: appointment.slotId })
      .execute();
  }

  /** An appointment the caller may see: the account's own profiles, or staff (admin, or the appointment's department). */
  async visibleTo(principal: Principal, appointmentId: string): Promise<Appointment> {
    const appointment = await this.dataSource.getRepository(Appointment).findOneBy({ id: appointmentId });
    if (principal.kind === 'account') {
      if (!appointment || appointment.accountId !== principal.accountId) throw new DomainError('FORBIDDEN_OWNERSHIP');
      return appointment;
    }
    if (!appointment) throw new DomainError('APPOINTMENT_NOT_FOUND');
    if (principal.roles.includes('admin')) return appointment;
    const staff = await this.dataSource.getRepository(StaffMember).findOneBy({ id: principal.staffId });
    if (!staff || staff.departmentId !== appointment.departmentId || principal.roles.every((r) => r === 'marketing')) throw new DomainError('FORBIDDEN_ROLE');
    return appointment;
  }

  listForPatient(patientId: string): Promise<Appointment[]> {
    return this.dataSource.getRepository(Appointment).find({ where: { patientId }, order: { startsAt: 'DESC' }, take: 100 });
  }
}
