import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { Department } from './department.entity.js';
import { Doctor } from './doctor.entity.js';

/** Departments and doctors for the other modules: read-only, by id, in batches. */
@Injectable()
export class CatalogReader {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private db(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  async departments(ids: Iterable<string>, m?: EntityManager): Promise<Map<string, Department>> {
    const unique = [...new Set(ids)].filter(Boolean);
    if (!unique.length) return new Map();
    return new Map(
      (
        await this.db(m)
          .getRepository(Department)
          .findBy({ id: In(unique) })
      ).map((d) => [d.id, d]),
    );
  }

  async doctors(ids: Iterable<string | null>, m?: EntityManager): Promise<Map<string, Doctor>> {
    const unique = [...new Set(ids)].filter((id): id is string => !!id);
    if (!unique.length) return new Map();
    return new Map(
      (
        await this.db(m)
          .getRepository(Doctor)
          .findBy({ id: In(unique) })
      ).map((d) => [d.id, d]),
    );
  }

  department(id: string, m?: EntityManager): Promise<Department | null> {
    return this.db(m).getRepository(Department).findOneBy({ id });
  }

  doctor(id: string, m?: EntityManager): Promise<Doctor | null> {
    return this.db(m).getRepository(Doctor).findOneBy({ id });
  }

  /** A department patients can use, or DEPARTMENT_NOT_FOUND. */
  async activeDepartment(id: string): Promise<Department> {
    const department = await this.department(id);
    if (!department?.active) throw new DomainError('DEPARTMENT_NOT_FOUND');
    return department;
  }

  /** A doctor patients can see, or DOCTOR_NOT_FOUND. */
  async activeDoctor(id: string): Promise<Doctor> {
    const doctor = await this.dataSource.getRepository(Doctor).findOneBy({ id, active: true });
    if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
    return doctor;
  }

  departmentExists(id: string, m?: EntityManager): Promise<boolean> {
    return this.db(m).getRepository(Department).existsBy({ id });
  }

  /** The departments a staff member leads (escalations go to them). */
  async ledBy(staffId: string): Promise<string[]> {
    return (await this.dataSource.getRepository(Department).find({ select: { id: true }, where: { leadStaffId: staffId } })).map((d) => d.id);
  }

  /**
   * The department a staff list is about: the doctor's when one is named, else the one asked for, else the
   * caller's own. Whether the caller may see it is the access policy's answer.
   */
  async departmentFor(query: { departmentId?: string; doctorId?: string }, own: string | undefined): Promise<string> {
    if (query.doctorId) {
      const doctor = await this.doctor(query.doctorId);
      if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
      return doctor.departmentId;
    }
    if (query.departmentId) return query.departmentId;
    if (!own) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'departmentId', problems: ['required'] }] });
    return own;
  }
}
