import { Transactions } from '../../common/database/transactions.js';
import type { VisitType } from '@yiban/shared';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { Doctor } from '../../modules/catalog/doctor.entity.js';
import { ClinicSession, type SessionPeriod } from '../../modules/scheduling/clinic-session.entity.js';
import { Slot } from '../../modules/scheduling/slot.entity.js';
import { addDays, isoWeekday, localDate, zonedInstant } from '../../common/time/zoned-time.js';

interface DemoClinic {
  weekdays: number[];
  period: SessionPeriod;
  start: string;
  end: string;
  slotMinutes: number;
  capacity: number;
  visitType: VisitType;
}

/** A believable week: general clinics most mornings, an expert clinic two afternoons, a small VIP clinic on Saturday. */
const WEEK: DemoClinic[] = [
  { weekdays: [1, 2, 3, 4, 5], period: 'morning', start: '08:30', end: '11:30', slotMinutes: 30, capacity: 3, visitType: 'general' },
  { weekdays: [2, 4], period: 'afternoon', start: '14:00', end: '17:00', slotMinutes: 30, capacity: 2, visitType: 'expert' },
  { weekdays: [6], period: 'morning', start: '09:00', end: '11:00', slotMinutes: 60, capacity: 1, visitType: 'vip' },
];

/**
 * Keeps the demo hospital bookable: clinics for every active doctor from today to `days` ahead, created where
 * missing (run on every start, so the demo never runs out of slots). Not for production.
 */
export async function seedDemoSchedules(dataSource: DataSource, config: AppConfig, days = 14): Promise<number> {
  if (config.env === 'production') throw new Error('refusing to seed demo schedules in production');
  const today = localDate(new Date(), config.timeZone);
  const doctors = await dataSource.getRepository(Doctor).findBy({ active: true });
  let created = 0;
  await new Transactions(dataSource).run(async (m) => {
    for (const doctor of doctors) {
      for (let day = 0; day < days; day++) {
        const date = addDays(today, day);
        for (const clinic of WEEK.filter((c) => c.weekdays.includes(isoWeekday(date)))) {
          const fee = doctor.visitTypes.find((v) => v.type === clinic.visitType)?.fee;
          if (fee === undefined) continue;
          if (await m.getRepository(ClinicSession).existsBy({ doctorId: doctor.id, date, period: clinic.period })) continue;
          const session = m
            .getRepository(ClinicSession)
            .create({ doctorId: doctor.id, departmentId: doctor.departmentId, date, period: clinic.period, visitType: clinic.visitType });
          await m.insert(ClinicSession, session);
          const from = zonedInstant(date, clinic.start, config.timeZone).getTime();
          const to = zonedInstant(date, clinic.end, config.timeZone).getTime();
          const slots: Slot[] = [];
          for (let t = from; t + clinic.slotMinutes * 60_000 <= to; t += clinic.slotMinutes * 60_000) {
            slots.push(
              m.getRepository(Slot).create({
                sessionId: session.id,
                doctorId: doctor.id,
                departmentId: doctor.departmentId,
                startsAt: new Date(t),
                endsAt: new Date(t + clinic.slotMinutes * 60_000),
                capacity: clinic.capacity,
                fee,
                visitType: clinic.visitType,
              }),
            );
          }
          await m.insert(Slot, slots);
          created++;
        }
      }
    }
  });
  return created;
}
