import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ACTIVE_APPOINTMENT_STATUSES, type AppointmentView, type RequestPaymentParams, type StaffRole, type VisitView } from '@yiban/shared';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager, In, LessThan } from 'typeorm';
import type { Principal, StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { Department } from '../catalog/department.entity.js';
import { Doctor } from '../catalog/doctor.entity.js';
import { DeliveriesService } from '../messaging/deliveries.service.js';
import { Patient } from '../patients/patient.entity.js';
import { WechatAccount } from '../patients/wechat-account.entity.js';
import { PaymentPurposes } from '../payments/payment-purposes.js';
import type { PaymentRefund } from '../payments/payment-refund.entity.js';
import { Payment } from '../payments/payment.entity.js';
import { PaymentsService } from '../payments/payments.service.js';
import { takePlace } from '../scheduling/places.js';
import { Slot } from '../scheduling/slot.entity.js';
import { addDays, localDate, zonedInstant } from '../scheduling/zoned-time.js';
import { departmentInScope } from '../staff/department-scope.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { Appointment } from './appointment.entity.js';
import { formatLocal } from './format.js';
import { Visit } from './visit.entity.js';
import { WaitlistService } from './waitlist.service.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';

const REMINDERS = [
  { key: 'day-before', beforeMs: 24 * 3_600_000 },
  { key: 'two-hours-before', beforeMs: 2 * 3_600_000 },
] as const;
/** A confirmed appointment nobody checked in for is marked a no-show this long after it ended. */
const NO_SHOW_AFTER_MS = 60 * 60_000;
/** Roles that work at the front desk and in the clinic (marketing never sees appointments one by one). */
const CLINIC_ROLES: readonly StaffRole[] = ['admin', 'doctor', 'nurse', 'case_manager', 'service'];
const TREATING_ROLES: readonly StaffRole[] = ['admin', 'doctor', 'nurse'];
/** Check-in codes: no 0/O/1/I, easy to read aloud and type. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export type CancelledBy = 'patient' | 'staff' | 'hospital';

/** Holding, paying, moving, checking in, completing and cancelling appointments. The capacity rule lives in the UPDATE itself. */
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
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(PaymentPurposes) private readonly purposes: PaymentPurposes,
    @Inject(WaitlistService) private readonly waitlist: WaitlistService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.registry.register('appointments.release-hold', ({ payload }) => this.releaseExpiredHold(payload.appointmentId));
    this.registry.register('appointments.no-show', ({ payload }) => this.autoNoShow(payload.appointmentId));
    this.purposes.register('appointment', {
      onPaid: (m, payment) => this.onPaid(m, payment),
      onRefundSettled: (m, payment, refund) => this.onRefundSettled(m, payment, refund),
    });
  }

  // ---------------------------------------------------------------- views

  async toView(a: Appointment, forOwner = false): Promise<AppointmentView> {
    return (await this.toViews([a], forOwner))[0]!;
  }

  /** Views with names and payments loaded in a few queries. The check-in code only goes to the patient's own account. */
  async toViews(list: Appointment[], forOwner = false): Promise<AppointmentView[]> {
    if (!list.length) return [];
    const ids = (pick: (a: Appointment) => string) => [...new Set(list.map(pick))];
    const [doctors, departments, patients, payments, visits, slotRows] = await Promise.all([
      this.dataSource.getRepository(Doctor).findBy({ id: In(ids((a) => a.doctorId)) }),
      this.dataSource.getRepository(Department).findBy({ id: In(ids((a) => a.departmentId)) }),
      this.dataSource.getRepository(Patient).find({ where: { id: In(ids((a) => a.patientId)) }, withDeleted: true }),
      this.dataSource.getRepository(Payment).findBy({ purpose: 'appointment', subjectId: In(list.map((a) => a.id)) }),
      this.dataSource.getRepository(Visit).findBy({ appointmentId: In(list.filter((a) => a.status === 'completed').map((a) => a.id)) }),
      this.dataSource.getRepository(Slot).findBy({ id: In(ids((a) => a.slotId)) }),
    ]);
    const doctorBy = new Map(doctors.map((d) => [d.id, d]));
    const departmentBy = new Map(departments.map((d) => [d.id, d]));
    const patientBy = new Map(patients.map((p) => [p.id, p]));
    const paymentBy = new Map(payments.map((p) => [p.subjectId, p]));
    const visitBy = new Map(visits.map((v) => [v.appointmentId, v]));
    const slots = new Map(slotRows.map((s) => [s.id, s]));
    return list.map((a) => {
      const doctor = doctorBy.get(a.doctorId);
      const department = departmentBy.get(a.departmentId);
      const payment = paymentBy.get(a.id) ?? null;
      const cancellable = a.status === 'pending_payment' || a.status === 'confirmed';
      return {
        id: a.id,
        patientId: a.patientId,
        patientName: patientBy.get(a.patientId)?.name ?? null,
        slotId: a.slotId,
        doctorId: a.doctorId,
        doctorName: doctor?.name ?? '',
        doctorNameEn: doctor?.nameEn ?? '',
        departmentId: a.departmentId,
        departmentName: department?.name ?? '',
        departmentNameEn: department?.nameEn ?? '',
        location: department?.location ?? '',
        visitType: slots.get(a.slotId)?.visitType ?? 'general',
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
        status: a.status,
        fee: a.fee,
        holdExpiresAt: a.status === 'pending_payment' ? (a.holdExpiresAt?.toISOString() ?? null) : null,
        checkInCode: forOwner && (a.status === 'confirmed' || a.status === 'checked_in') ? a.checkInCode : null,
        checkedInAt: a.checkedInAt?.toISOString() ?? null,
        cancelledAt: a.cancelledAt?.toISOString() ?? null,
        cancelReason: a.cancelReason,
        visitKind: visitBy.get(a.id)?.kind ?? null,
        payment: this.payments.summary(payment),
        refundIfCancelled: cancellable ? this.refundAmount(a, payment, 'patient') : null,
        createdAt: a.createdAt.toISOString(),
      };
    });
  }

  // ---------------------------------------------------------------- booking

  /**
   * Takes a place in the slot for the patient, inside the caller's transaction. Free visits are confirmed at once;
   * paid ones get a WeChat Pay order and wait for payment until the hold runs out, when a job gives the place back.
   * `placeHeld`: the place is already counted (a waitlist offer), so only the appointment is written.
   */
  async hold(m: EntityManager, patient: Patient, slotId: string, options: { placeHeld?: boolean } = {}): Promise<Appointment> {
    const now = this.clock.now();
    if (!options.placeHeld) {
      if (!(await takePlace(m, slotId, now))) {
        const slot = await m.getRepository(Slot).findOneBy({ id: slotId });
        if (!slot) throw new DomainError('SLOT_NOT_FOUND');
        if (slot.status !== 'open' || slot.startsAt <= now) throw new DomainError('SLOT_NOT_BOOKABLE');
        throw new DomainError('SLOT_FULL');
      }
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
      checkInCode: newCheckInCode(),
      holdExpiresAt: paid ? new Date(Math.min(now.getTime() + this.config.booking.holdMinutes * 60_000, slot.startsAt.getTime())) : null,
    });
    await m.insert(Appointment, appointment);
    if (appointment.status === 'confirmed') await this.afterConfirmed(m, appointment, patient);
    if (paid && appointment.holdExpiresAt) {
      const account = patient.accountId ? await m.getRepository(WechatAccount).findOneBy({ id: patient.accountId }) : null;
      if (!account) throw new DomainError('PAYMENT_UNAVAILABLE');
      const doctor = await m.getRepository(Doctor).findOneByOrFail({ id: slot.doctorId });
      const department = await m.getRepository(Department).findOneByOrFail({ id: slot.departmentId });
      await this.payments.open(m, {
        purpose: 'appointment',
        subjectId: appointment.id,
        patientId: patient.id,
        accountId: account.id,
        openid: account.openid,
        amount: slot.fee,
        description: `挂号费-${department.name}-${doctor.name}`,
        expiresAt: appointment.holdExpiresAt,
      });
      await this.jobs.enqueue(
        m,
        'appointments.release-hold',
        { appointmentId: appointment.id },
        { runAt: appointment.holdExpiresAt, idempotencyKey: `release-hold:${appointment.id}` },
      );
    }
    return m.getRepository(Appointment).findOneByOrFail({ id: appointment.id });
  }

  /** The wx.requestPayment parameters of an appointment still waiting for payment (null when nothing is due). */
  async paymentParams(appointment: Appointment): Promise<RequestPaymentParams | null> {
    if (appointment.status !== 'pending_payment') return null;
    if (appointment.holdExpiresAt && appointment.holdExpiresAt <= this.clock.now()) throw new DomainError('APPOINTMENT_NOT_PAYABLE');
    const payment = await this.payments.forSubject(this.dataSource, 'appointment', appointment.id);
    if (!payment) throw new DomainError('APPOINTMENT_NOT_PAYABLE');
    return this.payments.requestPayment(payment);
  }

  /** Confirmed: reminders the day before and two hours before, and the no-show check after it ends. */
  private async afterConfirmed(m: EntityManager, appointment: Appointment, patient: Patient): Promise<void> {
    await this.scheduleReminders(m, appointment, patient);
    await this.jobs.enqueue(
      m,
      'appointments.no-show',
      { appointmentId: appointment.id },
      { runAt: new Date(appointment.endsAt.getTime() + NO_SHOW_AFTER_MS), idempotencyKey: `no-show:${appointment.id}:${appointment.rescheduleCount}` },
    );
  }

  private reminderKeys(appointment: Appointment): string[] {
    const round = appointment.rescheduleCount ? `r${appointment.rescheduleCount}:` : '';
    return REMINDERS.map((r) => `appointment:${appointment.id}:${round}${r.key}`);
  }

  /**
   * The day-before and two-hours-before reminders of a confirmed appointment, queued with it (sent against the
   * patient's grant; skipped if there is none; withdrawn if the appointment ends or moves).
   */
  async scheduleReminders(m: EntityManager, appointment: Appointment, patient: Patient): Promise<void> {
    const now = this.clock.now();
    const doctor = await m.getRepository(Doctor).findOneByOrFail({ id: appointment.doctorId });
    const department = await m.getRepository(Department).findOneByOrFail({ id: appointment.departmentId });
    const keys = this.reminderKeys(appointment);
    for (const [i, reminder] of REMINDERS.entries()) {
      const at = new Date(appointment.startsAt.getTime() - reminder.beforeMs);
      if (at <= now) continue;
      await this.deliveries.queue(m, {
        patientId: patient.id,
        kind: 'appointment_reminder',
        data: {
          name1: (patient.name ?? '就诊人').slice(0, 10),
          thing2: `${department.name} ${department.location}`.slice(0, 20),
          name3: doctor.name.slice(0, 10),
          time4: formatLocal(appointment.startsAt, this.config.timeZone),
          thing5: '请提前15分钟到达，携带身份证件',
        },
        page: `packages/booking/pages/appointment/index?id=${appointment.id}`,
        dedupeKey: keys[i]!,
        notBefore: at,
        expiresAt: appointment.startsAt,
      });
    }
  }

  /** Tells the patient their appointment changed (hospital cancelled, refunded, moved); sent day or night. */
  private async tellPatient(m: EntityManager, appointment: Appointment, change: string, details: string, key: string): Promise<void> {
    const patient = await m.getRepository(Patient).findOne({ where: { id: appointment.patientId }, withDeleted: true });
    if (!patient?.accountId) return;
    const doctor = await m.getRepository(Doctor).findOneByOrFail({ id: appointment.doctorId });
    const department = await m.getRepository(Department).findOneByOrFail({ id: appointment.departmentId });
    await this.deliveries.queue(m, {
      patientId: patient.id,
      kind: 'appointment_changed',
      data: {
        name1: (patient.name ?? '就诊人').slice(0, 10),
        thing2: `${department.name} ${doctor.name}`.slice(0, 20),
        time3: formatLocal(appointment.startsAt, this.config.timeZone),
        phrase4: change.slice(0, 5),
        thing5: details.slice(0, 20),
      },
      page: `packages/booking/pages/appointment/index?id=${appointment.id}`,
      dedupeKey: `appointment:${appointment.id}:changed:${key}`,
    });
  }

  // ---------------------------------------------------------------- payment outcomes

  /** A payment arrived: confirm the appointment it pays for, or give the money back if the place is gone. */
  private async onPaid(m: EntityManager, payment: Payment): Promise<{ keep: true } | { keep: false; reason: string }> {
    const appointment = await lockRow(m, Appointment, payment.subjectId);
    if (!appointment) return { keep: false, reason: '预约不存在，自动退款' };
    if (appointment.status === 'pending_payment') {
      await m.update(Appointment, { id: appointment.id }, { status: 'confirmed', holdExpiresAt: null });
      appointment.status = 'confirmed';
      const patient = await m.getRepository(Patient).findOne({ where: { id: appointment.patientId }, withDeleted: true });
      if (patient) await this.afterConfirmed(m, appointment, patient);
      return { keep: true };
    }
    if (['confirmed', 'checked_in', 'completed', 'no_show'].includes(appointment.status)) return { keep: true };
    await this.tellPatient(m, appointment, '自动退款', `支付时预约已失效，¥${(payment.amount / 100).toFixed(2)}原路退回`, 'late-payment');
    return { keep: false, reason: '支付时预约已失效，自动退款' };
  }

  private async onRefundSettled(m: EntityManager, payment: Payment, refund: PaymentRefund): Promise<void> {
    const appointment = await lockRow(m, Appointment, payment.subjectId);
    if (!appointment || refund.status !== 'succeeded') return;
    if (payment.status === 'refunded' && (appointment.status === 'cancelled' || appointment.status === 'expired')) {
      await m.update(Appointment, { id: appointment.id }, { status: 'refunded' });
    }
  }

  /** The job: an appointment still unpaid when its hold ran out gives its place back (and its order is closed). */
  async releaseExpiredHold(appointmentId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const appointment = await lockRow(m, Appointment, appointmentId);
      if (!appointment || appointment.status !== 'pending_payment' || !appointment.holdExpiresAt || appointment.holdExpiresAt > this.clock.now()) return;
      await this.endAndRelease(m, appointment, { status: 'expired' });
      const payment = await this.payments.forSubject(m, 'appointment', appointment.id);
      if (payment) await this.payments.refund(m, payment, payment.amount, '预约超时未支付');
    });
  }

  // ---------------------------------------------------------------- cancelling

  /** What cancelling now gives back, by the hospital's rule: in full up to N hours before, then a percentage; the hospital cancelling always in full. */
  refundAmount(appointment: Appointment, payment: Payment | null, by: CancelledBy): number {
    if (!payment || !['paid', 'partially_refunded', 'refunding'].includes(payment.status)) return 0;
    const left = payment.amount - payment.refunded - payment.refundPending;
    if (by !== 'patient') return left;
    const hoursBefore = (appointment.startsAt.getTime() - this.clock.now().getTime()) / 3_600_000;
    const share = hoursBefore >= this.config.booking.cancelFullRefundHours ? 100 : this.config.booking.lateRefundPercent;
    return Math.min(left, Math.floor((payment.amount * share) / 100));
  }

  async cancel(appointment: Appointment, by: CancelledBy, reason: string): Promise<Appointment> {
    return this.tx.run(async (m) => {
      await this.cancelWithin(m, appointment.id, by, reason);
      return m.getRepository(Appointment).findOneByOrFail({ id: appointment.id });
    });
  }

  /** Cancels inside the caller's transaction; refunds by the rule; tells the patient when it was not their doing. Returns fen asked back. */
  async cancelWithin(m: EntityManager, appointmentId: string, by: CancelledBy, reason: string): Promise<number> {
    const current = await lockRow(m, Appointment, appointmentId);
    if (!current || !['pending_payment', 'confirmed'].includes(current.status)) throw new DomainError('APPOINTMENT_NOT_CANCELLABLE');
    await this.endAndRelease(m, current, { status: 'cancelled', cancelledAt: this.clock.now(), cancelReason: reason.slice(0, 255) });
    const payment = await this.payments.forSubject(m, 'appointment', current.id);
    let refunded = 0;
    if (payment) {
      const amount = current.status === 'pending_payment' ? payment.amount : this.refundAmount(current, payment, by);
      const refund = await this.payments.refund(m, payment, amount, by === 'patient' ? '患者取消预约' : '医院取消预约');
      refunded = refund?.amount ?? 0;
    }
    if (by !== 'patient') {
      await this.tellPatient(m, current, '已取消', `${reason}${refunded ? `，¥${(refunded / 100).toFixed(2)}原路退回` : ''}`, 'cancelled');
    }
    return refunded;
  }

  private async endAndRelease(
    m: EntityManager,
    appointment: Appointment,
    changes: Partial<Pick<Appointment, 'status' | 'cancelledAt' | 'cancelReason'>>,
  ): Promise<void> {
    await m.update(Appointment, { id: appointment.id }, { ...changes, activeKey: null });
    await this.deliveries.withdraw(m, this.reminderKeys(appointment));
    await this.waitlist.releasePlace(m, appointment.slotId);
  }

  // ---------------------------------------------------------------- moving

  /** Moves to another slot of the same department and fee in one step; the payment and its status stay. */
  async reschedule(appointment: Appointment, slotId: string, by: CancelledBy): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current || !['pending_payment', 'confirmed'].includes(current.status)) throw new DomainError('APPOINTMENT_NOT_RESCHEDULABLE');
      if (slotId === current.slotId) throw new DomainError('APPOINTMENT_DUPLICATE');
      const target = await m.getRepository(Slot).findOneBy({ id: slotId });
      if (!target) throw new DomainError('SLOT_NOT_FOUND');
      if (target.departmentId !== current.departmentId || target.fee !== current.fee) throw new DomainError('APPOINTMENT_RESCHEDULE_MISMATCH');
      const now = this.clock.now();
      if (!(await takePlace(m, slotId, now))) throw new DomainError(target.status !== 'open' || target.startsAt <= now ? 'SLOT_NOT_BOOKABLE' : 'SLOT_FULL');
      if (await m.getRepository(Appointment).existsBy({ activeKey: `${current.patientId}:${slotId}` })) throw new DomainError('APPOINTMENT_DUPLICATE');
      await this.deliveries.withdraw(m, this.reminderKeys(current));
      await this.waitlist.releasePlace(m, current.slotId);
      const moved = {
        slotId: target.id,
        doctorId: target.doctorId,
        startsAt: target.startsAt,
        endsAt: target.endsAt,
        activeKey: `${current.patientId}:${target.id}`,
        rescheduleCount: current.rescheduleCount + 1,
      };
      await m.update(Appointment, { id: current.id }, moved);
      const updated = await m.getRepository(Appointment).findOneByOrFail({ id: current.id });
      if (updated.status === 'confirmed') {
        const patient = await m.getRepository(Patient).findOne({ where: { id: updated.patientId }, withDeleted: true });
        if (patient) await this.afterConfirmed(m, updated, patient);
      }
      if (by !== 'patient')
        await this.tellPatient(m, updated, '已改约', `新时间 ${formatLocal(updated.startsAt, this.config.timeZone)}`, `moved:${updated.rescheduleCount}`);
      return updated;
    });
  }

  // ---------------------------------------------------------------- the visit

  async checkInByCode(actor: StaffPrincipal, code: string): Promise<Appointment> {
    // Typed codes come with spaces and in lower case; anything that is not a code is simply not one.
    const normalised = code.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[2-9A-Z]{10}$/.test(normalised)) throw new DomainError('CHECK_IN_CODE_INVALID');
    const found = await this.dataSource.getRepository(Appointment).findOneBy({ checkInCode: normalised });
    if (!found) throw new DomainError('CHECK_IN_CODE_INVALID');
    await this.assertStaffFor(actor, found, CLINIC_ROLES);
    return this.checkIn(actor, found);
  }

  async checkIn(actor: StaffPrincipal, appointment: Appointment): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current) throw new DomainError('APPOINTMENT_NOT_FOUND');
      if (current.status !== 'confirmed' && current.status !== 'no_show') throw new DomainError('APPOINTMENT_STATE_CONFLICT', { status: current.status });
      const now = this.clock.now();
      if (localDate(current.startsAt, this.config.timeZone) !== localDate(now, this.config.timeZone)) throw new DomainError('CHECK_IN_NOT_TODAY');
      await m.update(Appointment, { id: current.id }, { status: 'checked_in', checkedInAt: now });
      await this.audit.record(
        actor,
        { action: 'appointment.update', patientId: current.patientId, resource: 'appointment', resourceId: current.id, purpose: 'check-in' },
        m,
      );
      return m.getRepository(Appointment).findOneByOrFail({ id: current.id });
    });
  }

  /** Seen by the doctor: the appointment becomes a visit, first or return for the department. */
  async complete(actor: StaffPrincipal, appointment: Appointment): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current) throw new DomainError('APPOINTMENT_NOT_FOUND');
      if (current.status !== 'checked_in') throw new DomainError('APPOINTMENT_STATE_CONFLICT', { status: current.status });
      const now = this.clock.now();
      await m.update(Appointment, { id: current.id }, { status: 'completed', completedAt: now, activeKey: null });
      const date = localDate(current.startsAt, this.config.timeZone);
      const earlier = await m.getRepository(Visit).existsBy({ patientId: current.patientId, departmentId: current.departmentId, date: LessThan(date) });
      const sameDayEarlier = await m.getRepository(Visit).existsBy({ patientId: current.patientId, departmentId: current.departmentId, date });
      const payment = await this.payments.forSubject(m, 'appointment', current.id);
      await m.insert(
        Visit,
        m.getRepository(Visit).create({
          patientId: current.patientId,
          appointmentId: current.id,
          departmentId: current.departmentId,
          doctorId: current.doctorId,
          date,
          kind: earlier || sameDayEarlier ? 'return' : 'first',
          amountSpent: payment ? payment.amount - payment.refunded - payment.refundPending : 0,
          source: 'appointment',
        }),
      );
      await this.audit.record(
        actor,
        { action: 'appointment.update', patientId: current.patientId, resource: 'appointment', resourceId: current.id, purpose: 'complete' },
        m,
      );
      return m.getRepository(Appointment).findOneByOrFail({ id: current.id });
    });
  }

  async markNoShow(actor: StaffPrincipal, appointment: Appointment): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current) throw new DomainError('APPOINTMENT_NOT_FOUND');
      if (current.status !== 'confirmed') throw new DomainError('APPOINTMENT_STATE_CONFLICT', { status: current.status });
      if (current.endsAt > this.clock.now()) throw new DomainError('APPOINTMENT_NOT_ENDED');
      await m.update(Appointment, { id: current.id }, { status: 'no_show', activeKey: null });
      await this.audit.record(
        actor,
        { action: 'appointment.update', patientId: current.patientId, resource: 'appointment', resourceId: current.id, purpose: 'no-show' },
        m,
      );
      return m.getRepository(Appointment).findOneByOrFail({ id: current.id });
    });
  }

  /** The job: still only confirmed an hour after it ended → a no-show (the fee is kept, as the hospital's rule says). */
  async autoNoShow(appointmentId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointmentId);
      if (!current || current.status !== 'confirmed' || current.endsAt.getTime() + NO_SHOW_AFTER_MS > this.clock.now().getTime()) return;
      await m.update(Appointment, { id: current.id }, { status: 'no_show', activeKey: null });
    });
  }

  // ---------------------------------------------------------------- waitlist offers

  /** Takes the place a waitlist offer holds: an appointment (paid ones wait for payment like any hold). */
  async acceptOffer(accountId: string, entryId: string): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const entry = await lockRow(m, WaitlistEntry, entryId);
      if (!entry || entry.accountId !== accountId) throw new DomainError('FORBIDDEN_OWNERSHIP');
      const patient = await m.getRepository(Patient).findOneBy({ id: entry.patientId });
      if (!patient) throw new DomainError('FORBIDDEN_OWNERSHIP');
      if (entry.status !== 'offered' || !entry.offeredSlotId)
        throw new DomainError(entry.status === 'expired' ? 'WAITLIST_OFFER_EXPIRED' : 'WAITLIST_STATE_CONFLICT');
      if (!entry.offerExpiresAt || entry.offerExpiresAt <= this.clock.now()) throw new DomainError('WAITLIST_OFFER_EXPIRED');
      const appointment = await this.hold(m, patient, entry.offeredSlotId, { placeHeld: true });
      await m.update(WaitlistEntry, { id: entry.id }, { status: 'booked', activeKey: null, appointmentId: appointment.id });
      return appointment;
    });
  }

  // ---------------------------------------------------------------- access and lists

  /** An appointment the caller may see: the account's own profiles, or clinic staff (admin, or the appointment's department). */
  async visibleTo(principal: Principal, appointmentId: string): Promise<Appointment> {
    const appointment = await this.dataSource.getRepository(Appointment).findOneBy({ id: appointmentId });
    if (principal.kind === 'account') {
      if (!appointment || appointment.accountId !== principal.accountId) throw new DomainError('FORBIDDEN_OWNERSHIP');
      return appointment;
    }
    if (!appointment) throw new DomainError('APPOINTMENT_NOT_FOUND');
    await this.assertStaffFor(principal, appointment, CLINIC_ROLES);
    return appointment;
  }

  async assertStaffFor(actor: StaffPrincipal, appointment: { departmentId: string }, roles: readonly StaffRole[]): Promise<void> {
    if (!actor.roles.some((r) => roles.includes(r))) throw new DomainError('FORBIDDEN_ROLE');
    if (actor.roles.includes('admin')) return;
    const staff = await this.dataSource.getRepository(StaffMember).findOneBy({ id: actor.staffId });
    if (!staff || staff.departmentId !== appointment.departmentId) throw new DomainError('FORBIDDEN_ROLE');
  }

  async assertTreating(actor: StaffPrincipal, appointment: Appointment): Promise<void> {
    await this.assertStaffFor(actor, appointment, TREATING_ROLES);
  }

  listForPatient(patientId: string): Promise<Appointment[]> {
    return this.dataSource.getRepository(Appointment).find({ where: { patientId }, order: { startsAt: 'DESC' }, take: 100 });
  }

  /** A day's appointments of a department (or one doctor), for the front desk and the clinic. Audited. */
  async listForStaff(actor: StaffPrincipal, filter: { date: string; departmentId?: string; doctorId?: string }): Promise<Appointment[]> {
    const departmentId = await departmentInScope(this.dataSource, actor, filter);
    await this.assertStaffFor(actor, { departmentId }, CLINIC_ROLES);
    const from = zonedInstant(filter.date, '00:00', this.config.timeZone);
    const to = zonedInstant(addDays(filter.date, 1), '00:00', this.config.timeZone);
    const qb = this.dataSource
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .where('a.departmentId = :departmentId AND a.startsAt >= :from AND a.startsAt < :to', { departmentId, from, to })
      .andWhere('a.status IN (:...statuses)', { statuses: ['pending_payment', 'confirmed', 'checked_in', 'completed', 'no_show'] })
      .orderBy('a.startsAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(500);
    if (filter.doctorId) qb.andWhere('a.doctorId = :doctorId', { doctorId: filter.doctorId });
    const list = await qb.getMany();
    await this.audit.record(actor, {
      action: 'appointment.list',
      resource: 'appointments',
      resourceId: `${departmentId}:${filter.date}`,
      purpose: 'clinic day list',
    });
    return list;
  }

  async visitsFor(patientId: string): Promise<VisitView[]> {
    const visits = await this.dataSource.getRepository(Visit).find({ where: { patientId }, order: { date: 'DESC' }, take: 100 });
    const departments = new Map(
      (await this.dataSource.getRepository(Department).findBy({ id: In([...new Set(visits.map((v) => v.departmentId))]) })).map((d) => [d.id, d]),
    );
    const doctorIds = visits.map((v) => v.doctorId).filter((id): id is string => !!id);
    const doctors = new Map((await this.dataSource.getRepository(Doctor).findBy({ id: In([...new Set(doctorIds)]) })).map((d) => [d.id, d]));
    return visits.map((v) => ({
      id: v.id,
      patientId: v.patientId,
      appointmentId: v.appointmentId,
      departmentId: v.departmentId,
      departmentName: departments.get(v.departmentId)?.name ?? '',
      doctorId: v.doctorId,
      doctorName: v.doctorId ? (doctors.get(v.doctorId)?.name ?? null) : null,
      date: v.date,
      kind: v.kind,
      amountSpent: v.amountSpent,
    }));
  }
}

function newCheckInCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
