import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MEMBER_TIER_LABELS,
  localized,
  mayBookReserved,
  reservedOpensAt,
  type AppointmentChange,
  type AppointmentView,
  type Locale,
  type MemberTier,
} from '@yiban/shared';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager, In, MoreThan, QueryFailedError } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { ResourceActions } from '../../common/auth/access-rules.js';
import type { ActingProfile, Principal, StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { insertMany } from '../../common/database/bulk-insert.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formatLocal } from '../../common/time/format.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { formatInstant } from '../../common/time/format.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { CatalogReader } from '../catalog/index.js';
import { Notifications, type AnyNotifyInput } from '../messaging/index.js';
import { PatientsReader } from '../patients/index.js';
import { Checkout, type Payment, type PaymentRefund, type SubjectDescription } from '../payments/index.js';
import { SlotsService, type SlotFacts } from '../scheduling/index.js';
import {
  dailyPlaces,
  newCheckInNumber,
  newQrCode,
  noShowAt,
  parseCheckInInput,
  refundOnCancel,
  reminderTimes,
  REMINDERS,
  NO_SHOW_AFTER_MS,
} from './appointment-rules.js';
import { Appointment } from './appointment.entity.js';
import { VisitsReader } from './visits.reader.js';
import { WaitlistService } from './waitlist.service.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';

const APPOINTMENT_PAGE = 'packages/booking/pages/appointment/index';

export type CancelledBy = 'patient' | 'staff' | 'hospital';

/** Holding, paying, moving, checking in, completing and cancelling appointments. The capacity rule lives in the UPDATE itself. */
@Injectable()
export class AppointmentsService implements OnModuleInit {
  /** Draws a check-in number (tests replace it to force a clash: `withCheckInNumbers` in @yiban/server/testing). */
  drawCheckInNumber: () => string = () => newCheckInNumber(randomInt);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(WaitlistService) private readonly waitlist: WaitlistService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(SlotsService) private readonly slots: SlotsService,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
  ) {}

  onModuleInit(): void {
    this.registry.register('appointments.release-hold', ({ payload }) => this.releaseExpiredHold(payload.appointmentId));
    this.registry.register('appointments.no-show', ({ payload }) => this.autoNoShow(payload.appointmentId));
    this.checkout.register('appointment', {
      holdMinutes: () => this.config.payments.holdMinutes.appointment,
      payable: async (id) => {
        const a = await this.dataSource.getRepository(Appointment).findOneBy({ id });
        return a?.status === 'pending_payment' && !!a.holdExpiresAt && a.holdExpiresAt > this.clock.now();
      },
      onPaid: (m, payment) => this.onPaid(m, payment),
      onRefundSettled: (m, payment, refund) => this.onRefundSettled(m, payment, refund),
      link: (id) => `${APPOINTMENT_PAGE}?id=${id}`,
      describe: (ids, locale) => this.describe(ids, locale),
    });
    this.slots.onSessionStopped(async (m, slotIds, reason) => {
      const affected = await m
        .getRepository(Appointment)
        .find({ where: { slotId: In(slotIds), status: In(['pending_payment', 'confirmed']) }, order: { startsAt: 'ASC' } });
      let refundsRequested = 0;
      for (const appointment of affected) refundsRequested += await this.cancelWithin(m, appointment.id, 'hospital', reason);
      return { appointmentsCancelled: affected.length, refundsRequested };
    });
    // A care relationship: an appointment in one of the staff member's departments, from the window's start on (upcoming included).
    this.access.addCareSource('appointment', (staff, patientId, since) =>
      staff.departmentIds.length
        ? this.dataSource
            .getRepository(Appointment)
            .createQueryBuilder('a')
            .where('a.patientId = :patientId', { patientId })
            .andWhere('a.departmentId IN (:...departments)', { departments: staff.departmentIds })
            .andWhere('a.startsAt >= :since', { since })
            .andWhere('a.status NOT IN (:...gone)', { gone: ['expired'] })
            .getExists()
        : Promise.resolve(false),
    );
  }

  // ---------------------------------------------------------------- views

  async toView(a: Appointment, forOwner = false, patient?: { id: string; name: string | null }): Promise<AppointmentView> {
    return (await this.toViews([a], forOwner, patient))[0]!;
  }

  /**
   * Views with names and payments loaded in a few queries. The check-in code only goes to the patient's own account.
   * `patient`: a profile the caller has just read (its name is not read again). Nothing was ever paid for a free
   * appointment (no payment is opened for fee 0), so only the others' payments are read.
   */
  async toViews(list: Appointment[], forOwner = false, patient?: { id: string; name: string | null }): Promise<AppointmentView[]> {
    if (!list.length) return [];
    const [doctors, departments, patients, payments, visits, slots] = await Promise.all([
      this.catalog.doctors(list.map((a) => a.doctorId)),
      this.catalog.departments(list.map((a) => a.departmentId)),
      this.patients.byIds(list.map((a) => a.patientId).filter((id) => id !== patient?.id)),
      this.checkout.summaries(
        'appointment',
        list.filter((a) => a.fee > 0).map((a) => a.id),
      ),
      this.visits.kindsOf(list.filter((a) => a.status === 'completed').map((a) => a.id)),
      this.slots.factsOf(list.map((a) => a.slotId)),
    ]);
    return list.map((a) => {
      const doctor = doctors.get(a.doctorId);
      const department = departments.get(a.departmentId);
      const payment = payments.get(a.id) ?? null;
      const cancellable = a.status === 'pending_payment' || a.status === 'confirmed';
      return {
        id: a.id,
        patientId: a.patientId,
        patientName: a.patientId === patient?.id ? patient.name : (patients.get(a.patientId)?.name ?? null),
        slotId: a.slotId,
        doctorId: a.doctorId,
        doctorName: doctor?.name ?? '',
        doctorNameEn: doctor?.nameEn ?? '',
        departmentId: a.departmentId,
        departmentName: department?.name ?? '',
        departmentNameEn: department?.nameEn ?? '',
        location: department?.location ?? '',
        locationEn: department?.locationEn ?? '',
        visitType: slots.get(a.slotId)?.visitType ?? 'general',
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
        status: a.status,
        fee: a.fee,
        holdExpiresAt: a.status === 'pending_payment' ? (a.holdExpiresAt?.toISOString() ?? null) : null,
        checkInCode: forOwner && (a.status === 'confirmed' || a.status === 'checked_in') ? a.checkInCode : null,
        checkInNumber: forOwner && (a.status === 'confirmed' || a.status === 'checked_in') ? a.checkInNumber : null,
        checkedInAt: a.checkedInAt?.toISOString() ?? null,
        cancelledAt: a.cancelledAt?.toISOString() ?? null,
        cancelReason: a.cancelReason,
        cancelledBy: a.cancelledBy,
        visitKind: visits.get(a.id) ?? null,
        payment,
        refundIfCancelled: cancellable && payment ? this.refundAmount(a, payment, 'patient') : cancellable ? 0 : null,
        createdAt: a.createdAt.toISOString(),
      };
    });
  }

  // ---------------------------------------------------------------- booking

  private tiers: ((patientIds: readonly string[], m: EntityManager) => Promise<Map<string, MemberTier>>) | null = null;

  /** Membership tells booking each patient's tier (a slot reserved for a tier is theirs first). */
  provideTiers(lookup: (patientIds: readonly string[], m: EntityManager) => Promise<Map<string, MemberTier>>): void {
    this.tiers = lookup;
  }

  /** A slot reserved for a tier: that tier and above, or anyone once it opens (SLOT_RESERVED_FOR_TIER says when). */
  private async assertTierMayBook(m: EntityManager, patientId: string, reserved: MemberTier, startsAt: Date, now: Date): Promise<void> {
    const tier = this.tiers ? ((await this.tiers([patientId], m)).get(patientId) ?? 'lead') : 'lead';
    if (mayBookReserved(tier, reserved, startsAt, now)) return;
    throw new DomainError('SLOT_RESERVED_FOR_TIER', {
      tier: reserved,
      tierZh: MEMBER_TIER_LABELS[reserved].zh,
      tierEn: MEMBER_TIER_LABELS[reserved].en,
      opensAt: formatLocal(reservedOpensAt(startsAt), this.config.timeZone),
    });
  }

  /**
   * Takes a place in the slot for the patient, inside the caller's transaction. Free visits are confirmed at once;
   * paid ones get a WeChat Pay order through the checkout and wait for payment until the hold runs out, when a job
   * gives the place back. `placeHeld`: the place is already counted (a waitlist offer), so only the appointment is written.
   */
  async hold(m: EntityManager, patient: ActingProfile, slotId: string, options: { placeHeld?: boolean } = {}): Promise<Appointment> {
    const now = this.clock.now();
    let slot: SlotFacts;
    if (options.placeHeld) {
      const held = await this.slots.facts(slotId, m);
      if (!held) throw new DomainError('SLOT_NOT_FOUND');
      slot = held;
    } else {
      const taken = await this.slots.take(m, slotId, now);
      if ('refused' in taken) throw new DomainError(taken.refused);
      slot = taken.slot;
    }
    if (slot.reservedForTier) await this.assertTierMayBook(m, patient.id, slot.reservedForTier as MemberTier, slot.startsAt, now);
    const bookedOn = localDate(now, this.config.timeZone);
    // The member's discount, applied once here; the appointment keeps what it charged.
    const { fee } = await this.checkout.price(m, patient.id, slot.fee);
    const paid = fee > 0;
    const appointment = m.getRepository(Appointment).create({
      patientId: patient.id,
      accountId: patient.accountId ?? '',
      slotId: slot.id,
      doctorId: slot.doctorId,
      departmentId: slot.departmentId,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      status: paid ? 'pending_payment' : 'confirmed',
      fee,
      activeKey: `${patient.id}:${slot.id}`,
      bookedOn,
      checkInCode: newQrCode(randomInt),
      holdExpiresAt: paid ? this.checkout.holdUntil('appointment', slot.startsAt) : null,
    });
    // Written here rather than left to the database's default, so the answer can be built from this object.
    appointment.createdAt = appointment.updatedAt = new Date();
    // A second active appointment of the patient in the slot meets the unique activeKey (APPOINTMENT_DUPLICATE); a
    // booking past the daily limit finds every place of the day taken (APPOINTMENT_DAILY_LIMIT).
    await this.insertWithinDailyLimit(m, appointment);
    if (appointment.status === 'confirmed') await this.afterConfirmed(m, appointment, patient);
    if (paid && appointment.holdExpiresAt) {
      const [doctors, departments] = [await this.catalog.doctors([slot.doctorId], m), await this.catalog.departments([slot.departmentId], m)];
      const [doctor, department] = [doctors.get(slot.doctorId), departments.get(slot.departmentId)];
      await this.checkout.open(m, {
        purpose: 'appointment',
        subjectId: appointment.id,
        patientId: patient.id,
        accountId: patient.accountId,
        amount: fee,
        // What the payer sees in WeChat Pay's bill (WeChat Pay is Chinese-first).
        description: `挂号费-${department?.name ?? ''}-${doctor?.name ?? ''}`,
        payBefore: appointment.holdExpiresAt,
      });
      await this.jobs.enqueue(
        m,
        'appointments.release-hold',
        { appointmentId: appointment.id },
        { runAt: appointment.holdExpiresAt, idempotencyKey: `release-hold:${appointment.id}` },
      );
    }
    return appointment;
  }

  /**
   * Runs a sale that holds a place in the slot after the holds on it before it on this instance (see
   * `SlotsService.inTurn`); `refuseIfFull` refuses it without a transaction when the slot was found full a moment ago
   * and no place has come back since (the sale calls it after answering a replayed Idempotency-Key).
   */
  inSlotTurn<T>(slotId: string, sell: (refuseIfFull: () => void) => Promise<T>): Promise<T> {
    return this.slots.inTurn(slotId, () =>
      sell(() => {
        if (this.slots.knownFull(slotId, this.clock.now())) throw new DomainError('SLOT_FULL');
      }),
    );
  }

  /**
   * Inserts a new appointment in one of the places of the patient's booking day (`dailyKey`, 1 … the daily limit): a
   * place another booking holds meets the unique index and the next is tried, so the limit costs no read and two
   * holds of one patient at once cannot both take the last place. The place this instance saw taken last is tried
   * after first; a place given back by a cancel is found when the later ones are taken.
   */
  private async insertWithinDailyLimit(m: EntityManager, appointment: Appointment): Promise<void> {
    const day = `${appointment.patientId}:${appointment.bookedOn}`;
    const limit = this.config.booking.dailyLimit;
    for (const place of dailyPlaces(limit, this.lastDailyPlace.get(day))) {
      appointment.dailyKey = `${day}:${place}`;
      try {
        await this.insertWithCheckInNumber(m, appointment);
      } catch (error) {
        if (isDailyClash(error)) continue;
        throw error;
      }
      if (this.lastDailyPlace.size >= 50_000) this.lastDailyPlace.clear();
      this.lastDailyPlace.set(day, place);
      return;
    }
    appointment.dailyKey = null;
    throw new DomainError('APPOINTMENT_DAILY_LIMIT', { max: limit });
  }

  /** Per patient and booking day, the place (`dailyKey`'s number) this instance saw taken last: only where to start. */
  private readonly lastDailyPlace = new Map<string, number>();

  /**
   * Confirmed: the patient is told, reminders go the day before and two hours before, and the no-show check after it
   * ends; their jobs in one INSERT. `profile`: the patient's account and name when the caller has just read them.
   */
  private async afterConfirmed(m: EntityManager, appointment: Appointment, profile?: { accountId: string | null; name: string | null }): Promise<void> {
    const patient = profile ?? (await this.patients.byId(appointment.patientId, m));
    const who = { patientId: appointment.patientId, accountId: patient?.accountId ?? null };
    const jobs = this.jobs.batch();
    await this.notifications.notify(
      m,
      [
        {
          ...who,
          kind: 'appointment_confirmed',
          params: { ...this.ref(appointment, patient?.name ?? null), fee: appointment.fee },
          link: `${APPOINTMENT_PAGE}?id=${appointment.id}`,
          dedupeKey: `appointment:${appointment.id}:confirmed:${appointment.rescheduleCount}`,
        },
        ...this.reminders(appointment, who, patient?.name ?? null),
      ],
      { jobs },
    );
    jobs.add(
      'appointments.no-show',
      { appointmentId: appointment.id },
      { runAt: noShowAt(appointment.endsAt), idempotencyKey: `no-show:${appointment.id}:${appointment.rescheduleCount}` },
    );
    await jobs.write(m);
  }

  private ref(a: Appointment, patientName: string | null) {
    return { appointmentId: a.id, patientName, departmentId: a.departmentId, doctorId: a.doctorId, startsAt: a.startsAt.toISOString() };
  }

  private reminderKeys(appointment: Appointment): string[] {
    const round = appointment.rescheduleCount ? `r${appointment.rescheduleCount}:` : '';
    return REMINDERS.map((r) => `appointment:${appointment.id}:${round}${r.key}`);
  }

  /**
   * The day-before and two-hours-before reminders of a confirmed appointment: they appear in 消息 when due and go to
   * WeChat against the patient's grant; withdrawn if the appointment ends or moves first.
   */
  private reminders(appointment: Appointment, who: { patientId: string; accountId: string | null }, patientName: string | null): AnyNotifyInput[] {
    const round = appointment.rescheduleCount ? `r${appointment.rescheduleCount}:` : '';
    return reminderTimes(appointment.startsAt, this.clock.now()).map((reminder) => ({
      ...who,
      kind: 'appointment_reminder' as const,
      params: { ...this.ref(appointment, patientName), lead: reminder.lead },
      link: `${APPOINTMENT_PAGE}?id=${appointment.id}`,
      dedupeKey: `appointment:${appointment.id}:${round}${reminder.key}`,
      at: reminder.at,
      expiresAt: appointment.startsAt,
    }));
  }

  /** Tells the patient their appointment changed (hospital cancelled, refunded, moved); sent day or night. */
  private async tellPatient(
    m: EntityManager,
    appointment: Appointment,
    change: { change: AppointmentChange; refund?: number; note?: string | null; newStartsAt?: Date },
    key: string,
  ): Promise<void> {
    const patient = await this.patients.byId(appointment.patientId, m);
    await this.notifications.notify(m, {
      patientId: appointment.patientId,
      kind: 'appointment_changed',
      params: {
        ...this.ref(appointment, patient?.name ?? null),
        change: change.change,
        refund: change.refund || null,
        note: change.note ?? null,
        newStartsAt: change.newStartsAt?.toISOString() ?? null,
      },
      link: `${APPOINTMENT_PAGE}?id=${appointment.id}`,
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
      await this.afterConfirmed(m, appointment);
      return { keep: true };
    }
    if (['confirmed', 'checked_in', 'completed', 'no_show'].includes(appointment.status)) return { keep: true };
    await this.tellPatient(m, appointment, { change: 'refunded_late_payment', refund: payment.amount }, 'late-payment');
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
      const payment = await this.checkout.paymentFor(m, 'appointment', appointment.id);
      if (payment) await this.checkout.refund(m, payment, payment.amount, '预约超时未支付');
    });
  }

  // ---------------------------------------------------------------- cancelling

  /** What cancelling now gives back, by the hospital's rule (see appointment-rules.ts). */
  refundAmount(appointment: Appointment, payment: { status: string; amount: number; refunded: number; refundPending: number } | null, by: CancelledBy): number {
    if (!payment || !['paid', 'partially_refunded', 'refunding'].includes(payment.status)) return 0;
    return refundOnCancel({
      paid: payment.amount,
      alreadyBack: payment.refunded + payment.refundPending,
      startsAt: appointment.startsAt,
      now: this.clock.now(),
      by,
      policy: { fullRefundHours: this.config.booking.cancelFullRefundHours, latePercent: this.config.booking.lateRefundPercent },
    });
  }

  async cancel(appointment: Appointment, by: CancelledBy, reason: string | null): Promise<Appointment> {
    return this.tx.run(async (m) => {
      await this.cancelWithin(m, appointment.id, by, reason);
      return m.getRepository(Appointment).findOneByOrFail({ id: appointment.id });
    });
  }

  /** Cancels inside the caller's transaction; refunds by the rule; tells the patient when it was not their doing. Returns fen asked back. */
  async cancelWithin(m: EntityManager, appointmentId: string, by: CancelledBy, reason: string | null): Promise<number> {
    const current = await lockRow(m, Appointment, appointmentId);
    if (!current || !['pending_payment', 'confirmed'].includes(current.status)) throw new DomainError('APPOINTMENT_NOT_CANCELLABLE');
    await this.endAndRelease(m, current, { status: 'cancelled', cancelledAt: this.clock.now(), cancelReason: reason?.slice(0, 255) ?? null, cancelledBy: by });
    const payment = await this.checkout.paymentFor(m, 'appointment', current.id);
    let refunded = 0;
    if (payment) {
      const amount = current.status === 'pending_payment' ? payment.amount : this.refundAmount(current, payment, by);
      const refund = await this.checkout.refund(m, payment, amount, by === 'patient' ? '患者取消预约' : '医院取消预约');
      refunded = refund?.amount ?? 0;
    }
    if (by !== 'patient') {
      await this.tellPatient(
        m,
        current,
        { change: by === 'hospital' ? 'cancelled_by_hospital' : 'cancelled_by_staff', refund: refunded, note: reason },
        'cancelled',
      );
    }
    return refunded;
  }

  private async endAndRelease(
    m: EntityManager,
    appointment: Appointment,
    changes: Partial<Pick<Appointment, 'status' | 'cancelledAt' | 'cancelReason' | 'cancelledBy'>>,
  ): Promise<void> {
    // Cancelled or let expire: no longer one of the day's bookings for the daily limit either.
    await m.update(Appointment, { id: appointment.id }, { ...changes, activeKey: null, dailyKey: null });
    await this.notifications.withdraw(m, this.reminderKeys(appointment));
    await this.waitlist.releasePlace(m, appointment.slotId);
  }

  // ---------------------------------------------------------------- moving

  /** Moves to another slot of the same department and fee in one step; the payment and its status stay. */
  async reschedule(appointment: Appointment, slotId: string, by: CancelledBy): Promise<Appointment> {
    if (by === 'patient') await this.policy.assertConsented(appointment.patientId);
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current || !['pending_payment', 'confirmed'].includes(current.status)) throw new DomainError('APPOINTMENT_NOT_RESCHEDULABLE');
      if (slotId === current.slotId) throw new DomainError('APPOINTMENT_DUPLICATE');
      const target = await this.slots.slot(slotId, m);
      if (!target) throw new DomainError('SLOT_NOT_FOUND');
      // The same list price (the appointment keeps what it charged, a member's discount included).
      const from = await this.slots.slot(current.slotId, m);
      if (target.departmentId !== current.departmentId || target.fee !== (from?.fee ?? current.fee)) throw new DomainError('APPOINTMENT_RESCHEDULE_MISMATCH');
      const now = this.clock.now();
      if (!(await this.slots.takePlace(m, slotId, now)))
        throw new DomainError(target.status !== 'open' || target.startsAt <= now ? 'SLOT_NOT_BOOKABLE' : 'SLOT_FULL');
      if (await m.getRepository(Appointment).existsBy({ activeKey: `${current.patientId}:${slotId}` })) throw new DomainError('APPOINTMENT_DUPLICATE');
      await this.notifications.withdraw(m, this.reminderKeys(current));
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
      const updated = Object.assign(current, moved);
      // Another day: the number read aloud is one of that day's.
      if (updated.checkInDay !== localDate(updated.startsAt, this.config.timeZone)) await this.assignCheckInNumber(m, updated);
      if (updated.status === 'confirmed') {
        const patient = await this.patients.byId(updated.patientId, m);
        await this.notifications.notify(
          m,
          this.reminders(updated, { patientId: updated.patientId, accountId: patient?.accountId ?? null }, patient?.name ?? null),
        );
        await this.jobs.enqueue(
          m,
          'appointments.no-show',
          { appointmentId: updated.id },
          { runAt: noShowAt(updated.endsAt), idempotencyKey: `no-show:${updated.id}:${updated.rescheduleCount}` },
        );
      }
      if (by !== 'patient') {
        await this.tellPatient(
          m,
          { ...updated, startsAt: appointment.startsAt } as Appointment,
          { change: 'rescheduled', newStartsAt: updated.startsAt },
          `moved:${updated.rescheduleCount}`,
        );
      }
      return updated;
    });
  }

  // ---------------------------------------------------------------- the visit

  /**
   * Check-in at the desk by the QR's code, or by the six digits the patient reads aloud — a number of today's visits
   * only (numbers are unique per hospital day), so yesterday's or tomorrow's number finds nothing.
   */
  async checkInByCode(actor: StaffPrincipal, code: string): Promise<Appointment> {
    // Typed codes come with spaces and in lower case; anything that is not a code is simply not one.
    const input = parseCheckInInput(code);
    if (!input) throw new DomainError('CHECK_IN_CODE_INVALID');
    const found = await this.dataSource
      .getRepository(Appointment)
      .findOneBy(
        input.kind === 'qr' ? { checkInCode: input.code } : { checkInDay: localDate(this.clock.now(), this.config.timeZone), checkInNumber: input.number },
      );
    // A code of another department is no code here: the same answer as one that does not exist.
    if (!found || !this.policy.can(actor, 'appointment', 'check_in', found)) throw new DomainError('CHECK_IN_CODE_INVALID');
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
      return Object.assign(current, { status: 'checked_in' as const, checkedInAt: now });
    });
  }

  /** Seen by the doctor: the appointment becomes a visit, first or return for the department. */
  async complete(actor: StaffPrincipal, appointment: Appointment, diagnosisCodes: readonly string[] = []): Promise<Appointment> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Appointment, appointment.id);
      if (!current) throw new DomainError('APPOINTMENT_NOT_FOUND');
      if (current.status !== 'checked_in') throw new DomainError('APPOINTMENT_STATE_CONFLICT', { status: current.status });
      const now = this.clock.now();
      await m.update(Appointment, { id: current.id }, { status: 'completed', completedAt: now, activeKey: null });
      const payment = await this.checkout.paymentFor(m, 'appointment', current.id);
      await this.visits.record(
        m,
        {
          patientId: current.patientId,
          appointmentId: current.id,
          departmentId: current.departmentId,
          doctorId: current.doctorId,
          date: localDate(current.startsAt, this.config.timeZone),
          amountSpent: payment ? payment.amount - payment.refunded - payment.refundPending : 0,
          source: 'appointment',
        },
        diagnosisCodes,
      );
      await this.audit.record(
        actor,
        { action: 'appointment.update', patientId: current.patientId, resource: 'appointment', resourceId: current.id, purpose: 'complete' },
        m,
      );
      return Object.assign(current, { status: 'completed' as const, completedAt: now, activeKey: null });
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
      return Object.assign(current, { status: 'no_show' as const, activeKey: null });
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
  async acceptOffer(m: EntityManager, principal: Principal, entryId: string): Promise<string> {
    const entry = await lockRow(m, WaitlistEntry, entryId);
    this.policy.assert(principal, 'waitlist_entry', 'accept', entry);
    const patient = await this.patients.byId(entry.patientId, m);
    if (!patient || patient.deletedAt) throw new DomainError('WAITLIST_NOT_FOUND');
    // Booking: under the consents, for a real-name profile (as POST /appointments).
    await this.policy.assertConsented(patient.id);
    await this.policy.assertRealName(patient.id, patient);
    if (entry.status !== 'offered' || !entry.offeredSlotId)
      throw new DomainError(entry.status === 'expired' ? 'WAITLIST_OFFER_EXPIRED' : 'WAITLIST_STATE_CONFLICT');
    if (!entry.offerExpiresAt || entry.offerExpiresAt <= this.clock.now()) throw new DomainError('WAITLIST_OFFER_EXPIRED');
    const appointment = await this.hold(m, patient, entry.offeredSlotId, { placeHeld: true });
    await m.update(WaitlistEntry, { id: entry.id }, { status: 'booked', activeKey: null, appointmentId: appointment.id });
    return appointment.id;
  }

  // ---------------------------------------------------------------- the number read aloud

  /**
   * Gives the appointment a number for its hospital day, inside the caller's transaction. A drawn number already
   * taken that day is drawn again; two bookings that draw the same number at once meet at the unique index, and the
   * one that loses draws again (a failed statement does not end the transaction on MySQL or SQLite). After
   * NUMBER_DRAWS misses — a day with most of a million visits — the visit keeps only its QR code.
   */
  private async assignCheckInNumber(m: EntityManager, appointment: Appointment): Promise<void> {
    const day = localDate(appointment.startsAt, this.config.timeZone);
    for (let draw = 0; draw < NUMBER_DRAWS; draw++) {
      const number = this.drawCheckInNumber();
      if (await m.getRepository(Appointment).existsBy({ checkInDay: day, checkInNumber: number })) continue;
      try {
        await m.update(Appointment, { id: appointment.id }, { checkInDay: day, checkInNumber: number });
        Object.assign(appointment, { checkInDay: day, checkInNumber: number });
        return;
      } catch (error) {
        if (!isNumberClash(error)) throw error;
      }
    }
    await m.update(Appointment, { id: appointment.id }, { checkInDay: null, checkInNumber: null });
    Object.assign(appointment, { checkInDay: null, checkInNumber: null });
  }

  /**
   * Inserts a new appointment with a number for its hospital day drawn at once: a number another booking of the day
   * holds meets the unique index, and the insert is tried again with another draw (a failed statement does not end
   * the transaction on MySQL or SQLite); after NUMBER_DRAWS misses it keeps only its QR code. A second active
   * appointment of the patient in the slot meets the unique activeKey: APPOINTMENT_DUPLICATE.
   */
  private async insertWithCheckInNumber(m: EntityManager, appointment: Appointment): Promise<void> {
    const day = localDate(appointment.startsAt, this.config.timeZone);
    for (let draw = 0; draw <= NUMBER_DRAWS; draw++) {
      const number = draw < NUMBER_DRAWS ? this.drawCheckInNumber() : null;
      Object.assign(appointment, { checkInDay: number ? day : null, checkInNumber: number });
      try {
        await insertMany(m, Appointment, [appointment]);
        return;
      } catch (error) {
        if (isActiveClash(error)) throw new DomainError('APPOINTMENT_DUPLICATE');
        if (!isNumberClash(error)) throw error;
      }
    }
  }

  // ---------------------------------------------------------------- what is next (首页)

  /** The profile's holds still waiting for payment, the one running out first first. */
  unpaidHolds(patientId: string): Promise<Appointment[]> {
    return this.dataSource.getRepository(Appointment).find({
      where: { patientId, status: 'pending_payment', holdExpiresAt: MoreThan(this.clock.now()) },
      order: { holdExpiresAt: 'ASC' },
      take: 10,
    });
  }

  /** The profile's soonest visit that has not ended: confirmed, or checked in and still going on. */
  nextVisit(patientId: string): Promise<Appointment | null> {
    return this.dataSource.getRepository(Appointment).findOne({
      where: { patientId, status: In(['confirmed', 'checked_in']), endsAt: MoreThan(this.clock.now()) },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** What an appointment is, for 我的订单: `挂号 · 心血管内科 · 张伟` and its time on the hospital's clock. */
  private async describe(ids: string[], locale: Locale): Promise<Map<string, SubjectDescription>> {
    const list = ids.length ? await this.dataSource.getRepository(Appointment).findBy({ id: In(ids) }) : [];
    const [departments, doctors] = await Promise.all([
      this.catalog.departments(list.map((a) => a.departmentId)),
      this.catalog.doctors(list.map((a) => a.doctorId)),
    ]);
    const now = this.clock.now();
    return new Map(
      list.map((a) => {
        const department = departments.get(a.departmentId);
        const doctor = doctors.get(a.doctorId);
        const parts = [
          locale === 'en' ? 'Appointment' : '挂号',
          department ? localized(department.name, department.nameEn, locale).value : null,
          doctor ? localized(doctor.name, doctor.nameEn, locale).value : null,
        ].filter((part): part is string => !!part);
        return [a.id, { title: parts.join(' · '), detail: formatInstant(a.startsAt, locale, this.config.timeZone, now) }];
      }),
    );
  }

  // ---------------------------------------------------------------- access and lists

  /** An appointment the caller may act on as asked (the access policy decides; not-found for what they may not see). */
  async visibleTo(principal: Principal, appointmentId: string, action: ResourceActions['appointment'] = 'read'): Promise<Appointment> {
    const appointment = await this.dataSource.getRepository(Appointment).findOneBy({ id: appointmentId });
    this.policy.assert(principal, 'appointment', action, appointment);
    return appointment;
  }

  listForPatient(patientId: string): Promise<Appointment[]> {
    return this.dataSource.getRepository(Appointment).find({ where: { patientId }, order: { startsAt: 'DESC' }, take: 100 });
  }

  /** A day's appointments of a department (or one doctor), for the front desk and the clinic. Audited. */
  async listForStaff(actor: StaffPrincipal, filter: { date: string; departmentId?: string; doctorId?: string }): Promise<Appointment[]> {
    const departmentId = await this.catalog.departmentFor(filter, actor.departmentIds[0]);
    this.policy.assert(actor, 'department', 'list_appointments', { departmentId });
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
}

const NUMBER_DRAWS = 12;

/** A clash on the active-appointment unique index: the patient already holds a place in the slot. */
function isActiveClash(error: unknown): boolean {
  return error instanceof QueryFailedError && /uq_appointments_active|appointments\.activeKey/.test(error.message);
}

/** A clash on the daily-limit unique index: that place of the patient's booking day is taken. */
function isDailyClash(error: unknown): boolean {
  return error instanceof QueryFailedError && /uq_appointments_daily|appointments\.dailyKey/.test(error.message);
}

/** A clash on the (day, number) unique index: another booking of the same day drew the same number first. */
function isNumberClash(error: unknown): boolean {
  return error instanceof QueryFailedError && /uq_appointments_check_in_number|appointments\.checkInDay/.test(error.message);
}
