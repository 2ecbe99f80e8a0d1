import type { StaffView } from '@yiban/shared';
import { useState } from 'react';
import { useQuery } from '../../hooks/use-query';
import { listDepartments, listDoctors } from '../../services/catalog';

/**
 * The department a staff page works on: the member's own, or (an admin, who has none) the one they pick; and its
 * doctors, with an optional doctor filter.
 */
export function useStaffDepartment(member: StaffView | null) {
  const departments = useQuery(listDepartments, [], !!member && !member.departmentId);
  const [picked, setPicked] = useState<string | null>(null);
  const departmentId = member?.departmentId ?? picked ?? departments.data?.[0]?.id ?? null;
  const doctors = useQuery(() => listDoctors(departmentId!), [departmentId], !!departmentId);
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
