import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, MoreThan } from 'typeorm';
import { ClinicSession } from './clinic-session.entity.js';
import { Slot } from './slot.entity.js';

/** What happens to the appointments of a stopped clinic (the appointments module cancels, refunds and tells them). */
export type SessionStoppedHandler = (
  m: EntityManager,
  slotIds: string[],
  reason: string,
) => Promise<{ appointmentsCancelled: number; refundsRequested: number }>;

/**
 * Places in slots for the modules that book them: take one (the capacity rule is in the UPDATE itself, so a slot is
 * never oversold), give one back, and read slots and clinics by id or by doctor-day.
 */
@Injectable()
export class SlotsService {
  private stopped: SessionStoppedHandler | null = null;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The appointments module tells scheduling what stopping a clinic does to its bookings. */
  onSessionStopped(handler: SessionStoppedHandler): void {
    this.stopped = handler;
  }

  sessionStopped(m: EntityManager, slotIds: string[], reason: string): Promise<{ appointmentsCancelled: number; refundsRequested: number }> {
    if (!this.stopped) throw new Error('no handler for stopped clinics (the appointments module registers it)');
    return this.stopped(m, slotIds, reason);
  }

  /** Takes one place in an open slot that has not started; false when nothing was taken. */
  async takePlace(m: EntityManager, slotId: string, now: Date): Promise<boolean> {
    const taken = await m
      .createQueryBuilder()
      .update(Slot)
      .set({ booked: () => 'booked + 1' })
      .where('id = :slotId AND status = :open AND booked < capacity AND startsAt > :now', { slotId, open: 'open', now })
      .execute();
    return !!taken.affected;
  }

  /** Gives one place back to the slot. */
  async returnPlace(m: EntityManager, slotId: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(Slot)
      .set({ booked: () => 'booked - 1' })
      .where('id = :id AND booked > 0', { id: slotId })
      .execute();
  }

  slot(id: string, m?: EntityManager): Promise<Slot | null> {
    return (m ?? this.dataSource.manager).getRepository(Slot).findOneBy({ id });
  }

  async slots(ids: Iterable<string | null>, m?: EntityManager): Promise<Map<string, Slot>> {
    const unique = [...new Set(ids)].filter((id): id is string => !!id);
    if (!unique.length) return new Map();
    return new Map((await (m ?? this.dataSource.manager).getRepository(Slot).findBy({ id: In(unique) })).map((s) => [s.id, s]));
  }

  /** Open slots of a doctor's open clinics on a hospital-local day that start after `after`. */
  async openSlotsOn(doctorId: string, date: string, after: Date): Promise<Slot[]> {
    const sessions = await this.dataSource.getRepository(ClinicSession).findBy({ doctorId, date, status: 'open' });
    if (!sessions.length) return [];
    return this.dataSource.getRepository(Slot).findBy({ sessionId: In(sessions.map((s) => s.id)), status: 'open', startsAt: MoreThan(after) });
  }

  /** A doctor's open slots from now on, soonest first (inside the caller's transaction). */
  openSlotsOfDoctor(m: EntityManager, doctorId: string, after: Date): Promise<Slot[]> {
    return m.getRepository(Slot).find({ where: { doctorId, status: 'open', startsAt: MoreThan(after) }, order: { startsAt: 'ASC' } });
  }
}
