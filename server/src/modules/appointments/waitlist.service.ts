import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { WaitlistEntryView } from '@yiban/shared';
import { DataSource, type EntityManager, In, LessThan, MoreThan } from 'typeorm';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { Department } from '../catalog/department.entity.js';
import { Doctor } from '../catalog/doctor.entity.js';
import { DeliveriesService } from '../messaging/deliveries.service.js';
import { Patient } from '../patients/patient.entity.js';
import { ClinicSession } from '../scheduling/clinic-session.entity.js';
import { returnPlace, takePlace } from '../scheduling/places.js';
import { Slot } from '../scheduling/slot.entity.js';
import { localDate, zonedInstant, addDays } from '../scheduling/zoned-time.js';
import { formatLocal } from './format.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';

/** A freed place is offered only if the patient still has this long to get there. */
const MIN_LEAD_MS = 30 * 60_000;

/**
 * Waitlists per doctor-day (like MyChart's Fast Pass): a freed place goes to the first patient in line, held for
 * them for a short window; declined or unanswered, it goes to the next; nobody left, it returns to the slot.
 */
@Injectable()
export class WaitlistService implements OnModuleInit {
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
    this.registry.register('waitlist.offer-expired', ({ payload }) => this.expireOffer(payload.entryId));
    this.registry.register('waitlist.offer-next', ({ payload }) => this.offerOpenPlaces(payload.doctorId, payload.date));
  }

  async join(patient: Patient, doctorId: string, date: string): Promise<WaitlistEntry> {
    const doctor = await this.dataSource.getRepository(Doctor).findOneBy({ id: doctorId, active: true });
    if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
    const now = this.clock.now();
    if (date < localDate(now, this.config.timeZone)) throw new DomainError('WAITLIST_NO_CLINIC');
    const sessions = await this.dataSource.getRepository(ClinicSession).findBy({ doctorId, date, status: 'open' });
    const dayEnd = zonedInstant(addDays(date, 1), '00:00', this.config.timeZone);
    const upcoming = sessions.length
      ? await this.dataSource
          .getRepository(Slot)
          .findBy({ sessionId: In(sessions.map((s) => s.id)), status: 'open', startsAt: MoreThan(new Date(now.getTime() + MIN_LEAD_MS)) })
      : [];
    if (!upcoming.some((s) => s.startsAt < dayEnd)) throw new DomainError('WAITLIST_NO_CLINIC');
    if (upcoming.some((s) => s.booked < s.capacity && !s.reservedForTier)) throw new DomainError('WAITLIST_NOT_NEEDED');
    return this.tx.run(async (m) => {
      const activeKey = `${patient.id}:${doctorId}:${date}`;
      if (await m.getRepository(WaitlistEntry).existsBy({ activeKey })) throw new DomainError('WAITLIST_DUPLICATE');
      const entry = m.getRepository(WaitlistEntry).create({
        patientId: patient.id,
        accountId: patient.accountId ?? '',
        doctorId,
        departmentId: doctor.departmentId,
        date,
        status: 'waiting',
        activeKey,
      });
      await m.insert(WaitlistEntry, entry);
      return entry;
    });
  }

  /**
   * A place in `slot` is no longer taken (cancelled, expired, declined). Inside the caller's transaction: offer it to
   * the first patient waiting for that doctor-day, or give it back to the slot.
   */
  async releasePlace(m: EntityManager, slotId: string): Promise<void> {
    const slot = await m.getRepository(Slot).findOneBy({ id: slotId });
    if (slot && (await this.offer(m, slot))) return;
    await returnPlace(m, slotId);
  }

  /** Offers a place of `slot` (already counted in `booked`) to the next patient in line; false if nobody can take it. */
  private async offer(m: EntityManager, slot: Slot): Promise<boolean> {
    const now = this.clock.now();
    if (slot.status !== 'open' || slot.reservedForTier || slot.startsAt.getTime() - now.getTime() < MIN_LEAD_MS) return false;
    const date = localDate(slot.startsAt, this.config.timeZone);
    const candidates = await m
      .getRepository(WaitlistEntry)
      .find({ where: { doctorId: slot.doctorId, date, status: 'waiting' }, order: { id: 'ASC' }, take: 5 });
    for (const candidate of candidates) {
      const expiresAt = new Date(Math.min(now.getTime() + this.config.booking.waitlistOfferMinutes * 60_000, slot.startsAt.getTime() - MIN_LEAD_MS / 2));
      const taken = await m.update(
        WaitlistEntry,
        { id: candidate.id, status: 'waiting' },
        { status: 'offered', offeredSlotId: slot.id, offerExpiresAt: expiresAt, offers: candidate.offers + 1 },
      );
      if (!taken.affected) continue;
      await this.jobs.enqueue(
        m,
        'waitlist.offer-expired',
        { entryId: candidate.id },
        { runAt: expiresAt, idempotencyKey: `waitlist.expire:${candidate.id}:${candidate.offers + 1}` },
      );
      const doctor = await m.getRepository(Doctor).findOneByOrFail({ id: slot.doctorId });
      const department = await m.getRepository(Department).findOneByOrFail({ id: slot.departmentId });
      const patient = await m.getRepository(Patient).findOneBy({ id: candidate.patientId });
      if (patient?.accountId) {
        await this.deliveries.queue(m, {
          patientId: candidate.patientId,
          kind: 'waitlist_offer',
          data: {
            name1: (patient.name ?? '就诊人').slice(0, 10),
            thing2: `${department.name} ${doctor.name}`.slice(0, 20),
            time3: formatLocal(slot.startsAt, this.config.timeZone),
            time4: formatLocal(expiresAt, this.config.timeZone),
            thing5: '号源为您保留，请尽快确认',
          },
          page: 'packages/booking/pages/waitlist/index',
          dedupeKey: `waitlist:${candidate.id}:offer:${candidate.offers + 1}`,
          expiresAt,
        });
      }
      return true;
    }
    return false;
  }

  /** The job after a freed place found nobody at once (e.g. capacity raised): offer what is open to those waiting. */
  async offerOpenPlaces(doctorId: string, date: string): Promise<void> {
    await this.tx.run(async (m) => {
      const slots = await m.getRepository(Slot).find({ where: { doctorId, status: 'open', startsAt: MoreThan(this.clock.now()) }, order: { startsAt: 'ASC' } });
      for (const slot of slots.filter((s) => localDate(s.startsAt, this.config.timeZone) === date)) {
        while (slot.booked < slot.capacity) {
          if (!(await takePlace(m, slot.id, this.clock.now()))) break;
          slot.booked++;
          if (!(await this.offer(m, slot))) {
            await returnPlace(m, slot.id);
            return;
          }
        }
      }
    });
  }

  /** The job: an offer nobody took in time; the place goes to the next in line. */
  async expireOffer(entryId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const entry = await lockRow(m, WaitlistEntry, entryId);
      if (!entry || entry.status !== 'offered' || !entry.offerExpiresAt || entry.offerExpiresAt > this.clock.now()) return;
      await this.endOffer(m, entry, 'expired');
    });
  }

  /** Ends an offer without a booking (declined, expired, left the list) and passes the place on. */
  async endOffer(m: EntityManager, entry: WaitlistEntry, status: 'declined' | 'expired' | 'cancelled'): Promise<void> {
    await m.update(WaitlistEntry, { id: entry.id }, { status, activeKey: null });
    if (entry.offeredSlotId) await this.releasePlace(m, entry.offeredSlotId);
  }

  async decline(entry: WaitlistEntry): Promise<WaitlistEntry> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, WaitlistEntry, entry.id);
      if (!current || current.status !== 'offered') throw new DomainError('WAITLIST_STATE_CONFLICT');
      await this.endOffer(m, current, 'declined');
      return m.getRepository(WaitlistEntry).findOneByOrFail({ id: entry.id });
    });
  }

  async leave(entry: WaitlistEntry): Promise<WaitlistEntry> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, WaitlistEntry, entry.id);
      if (!current || !['waiting', 'offered'].includes(current.status)) throw new DomainError('WAITLIST_STATE_CONFLICT');
      if (current.status === 'offered') await this.endOffer(m, current, 'cancelled');
      else await m.update(WaitlistEntry, { id: current.id }, { status: 'cancelled', activeKey: null });
      return m.getRepository(WaitlistEntry).findOneByOrFail({ id: entry.id });
    });
  }

  /** The account's own entry, else FORBIDDEN_OWNERSHIP (no hint whether it exists). */
  async ownedBy(accountId: string, entryId: string): Promise<WaitlistEntry> {
    const entry = await this.dataSource.getRepository(WaitlistEntry).findOneBy({ id: entryId });
    if (!entry || entry.accountId !== accountId) throw new DomainError('FORBIDDEN_OWNERSHIP');
    return entry;
  }

  listForPatient(patientId: string): Promise<WaitlistEntry[]> {
    return this.dataSource.getRepository(WaitlistEntry).find({ where: { patientId }, order: { id: 'DESC' }, take: 50 });
  }

  async toViews(entries: WaitlistEntry[]): Promise<WaitlistEntryView[]> {
    const doctors = new Map(
      (await this.dataSource.getRepository(Doctor).findBy({ id: In([...new Set(entries.map((e) => e.doctorId))]) })).map((d) => [d.id, d]),
    );
    const departments = new Map(
      (await this.dataSource.getRepository(Department).findBy({ id: In([...new Set(entries.map((e) => e.departmentId))]) })).map((d) => [d.id, d]),
    );
    const slots = new Map(
      (await this.dataSource.getRepository(Slot).findBy({ id: In(entries.map((e) => e.offeredSlotId).filter((id): id is string => !!id)) })).map((s) => [
        s.id,
        s,
      ]),
    );
    const views: WaitlistEntryView[] = [];
    for (const e of entries) {
      const slot = e.offeredSlotId ? slots.get(e.offeredSlotId) : undefined;
      const position =
        e.status === 'waiting'
          ? (await this.dataSource.getRepository(WaitlistEntry).countBy({ doctorId: e.doctorId, date: e.date, status: 'waiting', id: LessThan(e.id) })) + 1
          : null;
      views.push({
        id: e.id,
        patientId: e.patientId,
        doctorId: e.doctorId,
        doctorName: doctors.get(e.doctorId)?.name ?? '',
        departmentName: departments.get(e.departmentId)?.name ?? '',
        date: e.date,
        status: e.status,
        offer:
          e.status === 'offered' && slot && e.offerExpiresAt
            ? {
                slotId: slot.id,
                startsAt: slot.startsAt.toISOString(),
                endsAt: slot.endsAt.toISOString(),
                fee: slot.fee,
                expiresAt: e.offerExpiresAt.toISOString(),
              }
            : null,
        position,
        createdAt: e.createdAt.toISOString(),
      });
    }
    return views;
  }
}
