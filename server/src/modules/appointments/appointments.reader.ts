import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Appointment } from './appointment.entity.js';

/** Patients that book per query: a campaign's batches of sent recipients are this size or smaller. */
const MAX_PATIENTS = 5_000;

/**
 * Bookings for the other modules (a campaign's conversions): read-only, in batches of patients. A booking is an
 * appointment the patient made, whatever became of it later, except an unpaid hold that ran out (`expired`).
 */
@Injectable()
export class AppointmentsReader {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Of these patients, who booked in [from, to) and when (one row per booking, oldest first). */
  async bookedWithin(patientIds: readonly string[], from: Date, to: Date): Promise<{ patientId: string; bookedAt: Date }[]> {
    const ids = [...new Set(patientIds)];
    if (!ids.length || from >= to) return [];
    const out: { patientId: string; bookedAt: Date }[] = [];
    for (let i = 0; i < ids.length; i += MAX_PATIENTS) {
      const rows = await this.dataSource
        .getRepository(Appointment)
        .createQueryBuilder('a')
        .select(['a.id', 'a.patientId', 'a.createdAt'])
        .where('a.patientId IN (:...ids)', { ids: ids.slice(i, i + MAX_PATIENTS) })
        .andWhere('a.createdAt >= :from AND a.createdAt < :to', { from, to })
        .andWhere('a.status <> :expired', { expired: 'expired' })
        .orderBy('a.createdAt', 'ASC')
        .getMany();
      for (const r of rows) out.push({ patientId: r.patientId, bookedAt: r.createdAt });
    }
    return out;
  }
}
