import { Inject, Injectable } from '@nestjs/common';
import { DEPARTMENT_TEXTS, DOCTOR_TEXTS, renderTexts, type DepartmentView, type DoctorView, type Locale } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { Department } from './department.entity.js';
import { Doctor } from './doctor.entity.js';

/** Departments and doctors as patients browse them, in the reader's language (the fallback rule is `localized`). */
@Injectable()
export class CatalogService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async departments(locale: Locale): Promise<DepartmentView[]> {
    const rows = await this.dataSource.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'ASC', name: 'ASC' } });
    return rows.map((d) => departmentView(d, locale));
  }

  async doctors(locale: Locale, departmentId?: string): Promise<DoctorView[]> {
    if (departmentId && !(await this.dataSource.getRepository(Department).existsBy({ id: departmentId, active: true })))
      throw new DomainError('DEPARTMENT_NOT_FOUND');
    const rows = await this.dataSource.getRepository(Doctor).find({
      where: { active: true, ...(departmentId && { departmentId }) },
      order: { sortOrder: 'ASC', name: 'ASC' },
    });
    return rows.map((d) => doctorView(d, locale));
  }

  async doctor(id: string, locale: Locale): Promise<DoctorView> {
    const row = await this.dataSource.getRepository(Doctor).findOneBy({ id, active: true });
    if (!row) throw new DomainError('DOCTOR_NOT_FOUND');
    return doctorView(row, locale);
  }
}

export function departmentView(d: Department, locale: Locale): DepartmentView {
  const { texts, fallback } = renderTexts(d, DEPARTMENT_TEXTS, locale);
  return { id: d.id, code: d.code, ...texts, fallback };
}

export function doctorView(d: Doctor, locale: Locale): DoctorView {
  const { texts, fallback } = renderTexts(d, DOCTOR_TEXTS, locale);
  return { id: d.id, departmentId: d.departmentId, title: d.title, photoUrl: d.photoUrl, visitTypes: d.visitTypes, ...texts, fallback };
}
