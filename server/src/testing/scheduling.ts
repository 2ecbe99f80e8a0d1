import { Doctor } from '../modules/catalog/doctor.entity.js';
import { ClinicSession, type SessionPeriod } from '../modules/scheduling/clinic-session.entity.js';
import { SlotListings } from '../modules/scheduling/slot-listings.js';
import { Slot } from '../modules/scheduling/slot.entity.js';
import type { SlotRow } from './rows.js';
import { dataSourceOf, inTransaction, type TestServer } from './server.js';

const PERIODS: SessionPeriod[] = ['morning', 'afternoon', 'evening'];
let made = 0;

/**
 * A clinic session with one 30-minute expert slot of a demo doctor (default Dr Zhang, Cardiology; the demo data must
 * be seeded). By default each call takes a later day, 11 or more days ahead at 09:00 Beijing time, so slots made by
 * one test file never share a session; `daysAhead` or `startsAt` pick the time instead.
 */
export async function makeSlot(
  server: TestServer,
  options: { capacity?: number; fee?: number; daysAhead?: number; doctor?: string; startsAt?: Date; reservedForTier?: 'platinum' | 'gold' | 'iron' } = {},
): Promise<SlotRow> {
  const doctor = await dataSourceOf(server)
    .getRepository(Doctor)
    .findOneByOrFail({ name: options.doctor ?? '张伟' });
  const n = ++made;
  const daysAhead = options.daysAhead ?? 10 + 2 * n;
  const startsAt = options.startsAt ?? new Date(`${new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10)}T01:00:00Z`);
  const date = new Date(startsAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return inTransaction(server, async (m) => {
    const session = m
      .getRepository(ClinicSession)
      .create({ doctorId: doctor.id, departmentId: doctor.departmentId, date, period: PERIODS[n % 3]!, visitType: 'expert' });
    await m.insert(ClinicSession, session);
    const slot = m.getRepository(Slot).create({
      sessionId: session.id,
      doctorId: doctor.id,
      departmentId: doctor.departmentId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_800_000),
      capacity: options.capacity ?? 5,
      fee: options.fee ?? 5000,
      visitType: 'expert',
      reservedForTier: options.reservedForTier ?? null,
    });
    await m.insert(Slot, slot);
    // As the schedule editor does: the doctor-day's listing is read again.
    server.app.get(SlotListings).changed(m, doctor.id, [startsAt]);
    return slot;
  });
}
