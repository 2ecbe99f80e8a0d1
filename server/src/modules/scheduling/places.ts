import type { EntityManager } from 'typeorm';
import { Slot } from './slot.entity.js';

/**
 * Takes one place in an open slot that has not started. The capacity rule lives in the UPDATE itself
 * (`booked < capacity`), so concurrent callers can never oversell it. False when nothing was taken.
 */
export async function takePlace(m: EntityManager, slotId: string, now: Date): Promise<boolean> {
  const taken = await m
    .createQueryBuilder()
    .update(Slot)
    .set({ booked: () => 'booked + 1' })
    .where('id = :slotId AND status = :open AND booked < capacity AND startsAt > :now', { slotId, open: 'open', now })
    .execute();
  return !!taken.affected;
}

/** Gives one place back to the slot. */
export async function returnPlace(m: EntityManager, slotId: string): Promise<void> {
  await m
    .createQueryBuilder()
    .update(Slot)
    .set({ booked: () => 'booked - 1' })
    .where('id = :id AND booked > 0', { id: slotId })
    .execute();
}
