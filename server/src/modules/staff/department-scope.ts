import type { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Doctor } from '../catalog/doctor.entity.js';
import { StaffMember } from './staff-member.entity.js';

/**
 * The department a staff list is about: the doctor's when one is named, else the one asked for, else the caller's
 * own. Whether the caller may see it is the caller's check.
 */
export async function departmentInScope(dataSource: DataSource, actor: StaffPrincipal, query: { departmentId?: string; doctorId?: string }): Promise<string> {
  if (query.doctorId) {
    const doctor = await dataSource.getRepository(Doctor).findOneBy({ id: query.doctorId });
    if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
    return doctor.departmentId;
  }
  if (query.departmentId) return query.departmentId;
  const staff = await dataSource.getRepository(StaffMember).findOneBy({ id: actor.staffId });
  if (!staff?.departmentId) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'departmentId', problems: ['required'] }] });
  return staff.departmentId;
}
