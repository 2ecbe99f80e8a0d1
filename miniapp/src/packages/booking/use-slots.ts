import type { SlotView } from '@yiban/shared';
import { useMemo, useState } from 'react';
import { useQuery } from '../../hooks/use-query';
import { listSlots } from '../../services/booking';
import { addDays, availabilityByDate, dateStrip } from '../../utils/clinic-time';

export const STRIP_DAYS = 14;

/**
 * A doctor's slots for the next two weeks, grouped by hospital-time day, with the selected day: the first day with
 * places once loaded (today if none), or what the patient tapped.
 */
export function useDoctorSlots(doctorId: string | undefined, filter?: (slot: SlotView) => boolean) {
  const days = useMemo(() => dateStrip(new Date(), STRIP_DAYS), []);
  const from = days[0]!.date;
  const to = addDays(days[days.length - 1]!.date, 1);
  const query = useQuery(() => listSlots(doctorId!, from, to), [doctorId, from], !!doctorId);
  const slots = useMemo(() => (query.data && filter ? query.data.filter(filter) : query.data), [query.data, filter]);
  const byDate = useMemo(() => (slots ? availabilityByDate(slots) : undefined), [slots]);
  const [picked, setPicked] = useState<string | null>(null);
  const firstOpen = days.find((d) => byDate?.get(d.date)?.availability.state === 'open')?.date;
  const selected = picked ?? firstOpen ?? days[0]!.date;
  return { days, query, slots, byDate, selected, select: setPicked, daySlots: byDate?.get(selected)?.slots ?? [] };
}
