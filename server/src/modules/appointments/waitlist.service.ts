import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { WaitlistEntryView } from '@yiban/shared';
import { DataSource, type EntityManager, LessThan } from 'typeorm';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { ActingProfile, Principal } from '../../common/auth/principal.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { CatalogReader } from '../catalog/index.js';
import { Notifications } from '../messaging/index.js';
import { PatientsReader } from '../patients/index.js';
import { SlotsService, type Slot } from '../scheduling/index.js';
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
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(SlotsService) private readonly slots: SlotsService,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.registry.register('waitlist.offer-expired', ({ payload }) => this.expireOffer(payload.entryId));
    this.registry.register('waitlist.offer-next', ({ payload }) => this.offerOpenPlaces(payload.doctorId, payload.date));
  }

  async join(patient: ActingProfile, doctorId: string, date: string): Promise<WaitlistEntry> {
    const doctor = await this.catalog.activeDoctor(doctorId);
    const now = this.clock.now();
    if (date < localDate(now, this.config.timeZone)) throw new DomainError('WAITLIST_NO_CLINIC');
    const dayEnd = zonedInstant(addDays(date, 1), '00:00', this.config.timeZone);
    const upcoming = await this.slots.openSlotsOn(doctorId, date, new Date(now.getTime() + MIN_LEAD_MS));
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
    const slot = await this.slots.slot(slotId, m);
    if (slot && (await this.offer(m, slot))) return;
    await this.slots.returnPlace(m, slotId);
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
      const patient = await this.patients.byId(candidate.patientId, m);
      await this.notifications.notify(m, {
        patientId: candidate.patientId,
        kind: 'waitlist_offer',
        params: {
          entryId: candidate.id,
          patientName: patient?.name ?? null,
          departmentId: slot.departmentId,
          doctorId: slot.doctorId,
          startsAt: slot.startsAt.toISOString(),
          holdUntil: expiresAt.toISOString(),
        },
        link: 'packages/booking/pages/waitlist/index',
        dedupeKey: `waitlist:${candidate.id}:offer:${candidate.offers + 1}`,
        expiresAt,
      });
      return true;
    }
    return false;
  }

  /** The job after a freed place found nobody at once (e.g. capacity raised): offer what is open to those waiting. */
  async offerOpenPlaces(doctorId: string, date: string): Promise<void> {
    await this.tx.run(async (m) => {
      const slots = await this.slots.openSlotsOfDoctor(m, doctorId, this.clock.now());
      for (const slot of slots.filter((s) => localDate(s.startsAt, this.config.timeZone) === date)) {
        while (slot.booked < slot.capacity) {
          if (!(await this.slots.takePlace(m, slot.id, this.clock.now()))) break;
          slot.booked++;
          if (!(await this.offer(m, slot))) {
            await this.slots.returnPlace(m, slot.id);
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

  /** An entry the caller may act on (WAITLIST_NOT_FOUND for anyone else's: no hint whether it exists). */
  async visibleTo(principal: Principal, entryId: string, action: 'read' | 'decline' | 'leave'): Promise<WaitlistEntry> {
    const entry = await this.dataSource.getRepository(WaitlistEntry).findOneBy({ id: entryId });
    this.policy.assert(principal, 'waitlist_entry', action, entry);
    return entry;
  }

  listForPatient(patientId: string): Promise<WaitlistEntry[]> {
    return this.dataSource.getRepository(WaitlistEntry).find({ where: { patientId }, order: { id: 'DESC' }, take: 50 });
  }

  async toViews(entries: WaitlistEntry[]): Promise<WaitlistEntryView[]> {
    const [doctors, departments, slots] = await Promise.all([
      this.catalog.doctors(entries.map((e) => e.doctorId)),
      this.catalog.departments(entries.map((e) => e.departmentId)),
      this.slots.slots(entries.map((e) => e.offeredSlotId)),
    ]);
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
