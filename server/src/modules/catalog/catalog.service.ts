import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentView, DoctorView } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { Department } from './department.entity.js';
import { Doctor } from './doctor.entity.js';

/** Departments and doctors as patients browse them. */
@Injectable()
export class CatalogService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async departments(): Promise<DepartmentView[]> {
    const rows = await this.dataSource.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'ASC', name: 'ASC' } });
    return rows.map(({ id, code, name, nameEn, description, descriptionEn, location }) => ({ id, code, name, nameEn, description, descriptionEn, location }));
  }

  async doctors(departmentId?: string): Promise<DoctorView[]> {
    if (departmentId && !(await this.dataSource.getRepository(Department).existsBy({ id: departmentId, active: true })))
      throw new DomainError('DEPARTMENT_NOT_FOUND');
    const rows = await this.dataSource.getRepository(Doctor).find({
      where: { active: true, ...(departmentId && { departmentId }) },
      order: { sortOrder: 'ASC', name: 'ASC' },
    });
    return rows.map((d) => this.toView(d));
  }

  async doctor(id: string): Promise<DoctorView> {
    const row = await this.dataSource.getRepository(Doctor).findOneBy({ id, active: true });
    if (!row) throw new DomainError('DOCTOR_NOT_FOUND');
    return this.toView(row);
  }

  private toView(d: Doctor): DoctorView {
    return {
      id: d.id,
      departmentId: d.departmentId,
      name: d.name,
      nameEn: d.nameEn,
      title: d.title,
      specialties: d.specialties,
      specialtiesEn: d.specialtiesEn,
      bio: d.bio,
      bioEn: d.bioEn,
      photoUrl: d.photoUrl,
      visitTypes: d.visitTypes,
    };
  }
}
