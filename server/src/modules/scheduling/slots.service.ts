import { Inject, Injectable } from '@nestjs/common';
import type { VisitType } from '@yiban/shared';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager, In, MoreThan } from 'typeorm';
import { execute, stored } from '../../common/database/bulk-insert.js';
import { Transactions } from '../../common/database/transactions.js';
import { ClusterEvents } from '../../common/realtime/cluster-events.js';
import { ClinicSession } from './clinic-session.entity.js';
import { SlotListings } from './slot-listings.js';
import { Slot } from './slot.entity.js';

/** What happens to the appointments of a stopped clinic (the appointments module cancels, refunds and tells them). */
export type SessionStoppedHandler = (
  m: EntityManager,
  slotIds: string[],
  reason: string,
) => Promise<{ appointmentsCancelled: number; refundsRequested: number }>;

/**
 * What holding a place needs of a slot. Its doctor, department, times and visit type never change; its fee and tier
 * reservation can (`PATCH /slots/{id}`), so `take` checks those two in the UPDATE that takes the place.
 */
export interface SlotFacts {
  id: string;
  doctorId: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  fee: number;
  visitType: VisitType;
  reservedForTier: string | null;
}

export type TakeOutcome = { slot: SlotFacts } | { refused: 'SLOT_NOT_FOUND' | 'SLOT_NOT_BOOKABLE' | 'SLOT_FULL' };

/** Told to every instance (the sender too) after a commit that may have given places back to these slots. */
const FREED = 'slots.freed';
/** How long a slot found full is refused without asking the database, unless a place comes back first. */
const FULL_FOR_MS = 1_000;

/**
 * Places in slots for the modules that book them: take one (the capacity rule is in the UPDATE itself, so a slot is
 * never oversold), give one back, and read slots and clinics by id or by doctor-day.
 *
 * A slot found full is remembered as full for a moment, so the next holds on it (a clinic opening, thousands at once)
 * are refused without a transaction. Anything that may give a place back — a place returned, capacity raised, a clinic
 * stopped — forgets it at once here and, after its commit, on every instance; a slot is only remembered full when
 * nothing was freed while it was being found full, so a place returned is bookable at once.
 */
@Injectable()
export class SlotsService {
  private stopped: SessionStoppedHandler | null = null;
  private readonly known = new LRUCache<string, SlotFacts>({ max: 20_000 });
  private readonly full = new LRUCache<string, true>({ max: 20_000, ttl: FULL_FOR_MS, ttlAutopurge: false });
  /** Counts the places freed anywhere so far (see `take`). */
  private freedCount = 0;
  /** Per slot, the end of the last hold waiting for its turn on this instance (see `inTurn`). */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(SlotListings) private readonly listings: SlotListings,
  ) {
    this.cluster.subscribe(FREED, (payload) => this.forgetFull(Array.isArray(payload) ? payload.filter((id): id is string => typeof id === 'string') : []));
  }

  /** The appointments module tells scheduling what stopping a clinic does to its bookings. */
  onSessionStopped(handler: SessionStoppedHandler): void {
    this.stopped = handler;
  }

  sessionStopped(m: EntityManager, slotIds: string[], reason: string): Promise<{ appointmentsCancelled: number; refundsRequested: number }> {
    if (!this.stopped) throw new Error('no handler for stopped clinics (the appointments module registers it)');
    return this.stopped(m, slotIds, reason);
  }

  /**
   * Takes one place in an open slot that has not started, for a hold that goes by what the slot is (fee, tier, times):
   * the slot's facts come from memory when known, and the UPDATE checks the fee and tier it goes by are still the
   * slot's. When nothing is taken, the slot as it is now says why (its facts are refreshed and tried once more if they
   * had changed).
   */
  async take(m: EntityManager, slotId: string, now: Date): Promise<TakeOutcome> {
    const freed = this.freedCount;
    let facts = this.known.get(slotId);
    // Not known yet: the slots of its clinic are read together (the next holds are mostly on its neighbours).
    if (!facts) facts = (await this.rememberSession(m, slotId)) ?? undefined;
    for (let attempt = 0; ; attempt++) {
      if (facts && (await this.takeAsKnown(m, facts, now))) {
        this.listings.changed(m, facts.doctorId, [facts.startsAt]);
        return { slot: facts };
      }
      const slot = await this.slot(slotId, m);
      if (!slot) return { refused: 'SLOT_NOT_FOUND' };
      const current = this.remember(slot);
      if (attempt === 0 && (!facts || facts.fee !== current.fee || facts.reservedForTier !== current.reservedForTier)) {
        facts = current;
        continue;
      }
      if (slot.status !== 'open' || slot.startsAt <= now) return { refused: 'SLOT_NOT_BOOKABLE' };
      // Remembered full only if no place came back meanwhile (a place freed after this read is told after it).
      if (slot.booked >= slot.capacity && freed === this.freedCount) this.full.set(slotId, true);
      return { refused: 'SLOT_FULL' };
    }
  }

  /** A slot's facts as they are now (read, and remembered for `take`). */
  async facts(slotId: string, m?: EntityManager): Promise<SlotFacts | null> {
    const slot = await this.slot(slotId, m);
    return slot ? this.remember(slot) : null;
  }

  /** Facts of many slots (remembered ones not read again: a view needs what never changes, such as the visit type). */
  async factsOf(ids: Iterable<string | null>): Promise<Map<string, SlotFacts>> {
    const found = new Map<string, SlotFacts>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (!id) continue;
      const known = this.known.get(id);
      if (known) found.set(id, known);
      else missing.push(id);
    }
    for (const slot of (await this.slots(missing)).values()) found.set(slot.id, this.remember(slot));
    return found;
  }

  /**
   * Runs `work` (a hold on the slot, transaction and all) when the holds on the same slot that came before it on this
   * instance have finished. They would wait for each other at the slot's row lock anyway; waiting here, a hold holds
   * no connection and no transaction, and once one finds the slot full the ones behind it are refused from memory
   * (`knownFull`) instead of each taking the row lock in turn.
   */
  async inTurn<T>(slotId: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(slotId);
    // After a hold before it, a turn first lets the event loop run (a thousand refusals in a row would otherwise run
    // as one chain of microtasks, and no socket would be read or written until the last).
    const mine = before ? before.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work) : work();
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(slotId, settled);
    try {
      return await mine;
    } finally {
      if (this.turns.get(slotId) === settled) this.turns.delete(slotId);
    }
  }

  /** True when the slot was found full a moment ago and no place has come back since: a hold may be refused at once. */
  knownFull(slotId: string, now: Date): boolean {
    const startsAt = this.known.get(slotId)?.startsAt;
    return !!startsAt && startsAt > now && this.full.has(slotId);
  }

  private async takeAsKnown(m: EntityManager, facts: SlotFacts, now: Date): Promise<boolean> {
    const taken = await execute(
      m,
      "UPDATE slots SET booked = booked + 1, updatedAt = CURRENT_TIMESTAMP WHERE id = ? AND status = 'open' AND booked < capacity AND startsAt > ? AND fee = ? AND COALESCE(reservedForTier, '') = ?",
      [facts.id, stored(m, Slot, 'startsAt', now), facts.fee, facts.reservedForTier ?? ''],
    );
    return taken > 0;
  }

  /** Reads and remembers every slot of the clinic session `slotId` belongs to; answers that slot's facts (null: no such slot). */
  private async rememberSession(m: EntityManager, slotId: string): Promise<SlotFacts | null> {
    const slots = await m
      .getRepository(Slot)
      .createQueryBuilder('s')
      .where('s.sessionId = (SELECT x.sessionId FROM slots x WHERE x.id = :slotId)', { slotId })
      .getMany();
    let found: SlotFacts | null = null;
    for (const slot of slots) {
      const facts = this.remember(slot);
      if (slot.id === slotId) found = facts;
    }
    return found;
  }

  private remember(slot: Slot): SlotFacts {
    const facts: SlotFacts = {
      id: slot.id,
      doctorId: slot.doctorId,
      departmentId: slot.departmentId,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      fee: slot.fee,
      visitType: slot.visitType,
      reservedForTier: slot.reservedForTier,
    };
    this.known.set(slot.id, facts);
    return facts;
  }

  /**
   * Places may come back to these slots in `m`'s transaction (a place returned, capacity raised, a clinic stopped):
   * forgotten as full here at once, and on every instance once it has committed.
   */
  freed(m: EntityManager, slotIds: readonly string[]): void {
    if (!slotIds.length) return;
    this.forgetFull(slotIds);
    const ids = [...slotIds];
    this.tx.afterCommit(m, () => {
      this.cluster.publish(FREED, ids).catch(() => this.forgetFull(ids));
    });
  }

  private forgetFull(slotIds: readonly string[]): void {
    this.freedCount++;
    for (const id of slotIds) this.full.delete(id);
  }

  /** Takes one place in an open slot that has not started; false when nothing was taken. */
  async takePlace(m: EntityManager, slotId: string, now: Date): Promise<boolean> {
    const taken = await m
      .createQueryBuilder()
      .update(Slot)
      .set({ booked: () => 'booked + 1' })
      .where('id = :slotId AND status = :open AND booked < capacity AND startsAt > :now', { slotId, open: 'open', now })
      .execute();
    if (taken.affected) await this.listingChanged(m, slotId);
    return !!taken.affected;
  }

  /** Gives one place back to the slot (bookable at once after the commit, on every instance). */
  async returnPlace(m: EntityManager, slotId: string): Promise<void> {
    const returned = await m
      .createQueryBuilder()
      .update(Slot)
      .set({ booked: () => 'booked - 1' })
      .where('id = :id AND booked > 0', { id: slotId })
      .execute();
    this.freed(m, [slotId]);
    if (returned.affected) await this.listingChanged(m, slotId);
  }

  /** The places left in a slot changed in `m`'s transaction: its doctor-day's listing is stale (see SlotListings). */
  private async listingChanged(m: EntityManager, slotId: string): Promise<void> {
    const facts = this.known.get(slotId) ?? (await this.facts(slotId, m));
    if (facts) this.listings.changed(m, facts.doctorId, [facts.startsAt]);
  }

  /** A slot as it is now (its facts remembered: giving a place back to it then needs no other read). */
  async slot(id: string, m?: EntityManager): Promise<Slot | null> {
    const slot = await (m ?? this.dataSource.manager).getRepository(Slot).findOneBy({ id });
    if (slot) this.remember(slot);
    return slot;
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
