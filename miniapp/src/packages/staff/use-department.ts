import type { StaffView } from '@yiban/shared';
import { useState } from 'react';
import { useI18n } from '../../hooks/use-i18n';
import { useQuery } from '../../hooks/use-query';
import { listDepartments, listDoctors } from '../../services/catalog';

/**
 * The department a staff page works on: the member's own, or (an admin, who has none) the one they pick; and its
 * doctors, with an optional doctor filter.
 */
export function useStaffDepartment(member: StaffView | null) {
  // Names come in the console's language: asked again when it changes.
  const { locale } = useI18n();
  const departments = useQuery(listDepartments, [locale], !!member && !member.departmentId);
  const [picked, setPicked] = useState<string | null>(null);
  const departmentId = member?.departmentId ?? picked ?? departments.data?.[0]?.id ?? null;
  const doctors = useQuery(() => listDoctors(departmentId!), [departmentId, locale], !!departmentId);
  const [doctorId, setDoctorId] = useState<string | null>(null);
  return {
    /** Only admins (no department of their own) choose. */
    choosable: !!member && !member.departmentId,
    departments,
    departmentId,
    pickDepartment: (id: string) => {
      setPicked(id);
      setDoctorId(null);
    },
    doctors,
    doctorId,
    pickDoctor: setDoctorId,
  };
}
