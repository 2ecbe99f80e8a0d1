import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentRecord, DoctorRecord } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { UpdateDepartmentTextsDto, UpdateDoctorTextsDto } from './catalog.dto.js';
import { CatalogReader } from './catalog.reader.js';
import { Department } from './department.entity.js';
import { Doctor } from './doctor.entity.js';

/** What admins edit of the catalogue: the texts patients read, in both languages. Each change is audited. */
@Injectable()
export class CatalogAdminService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
  ) {}

  async departments(): Promise<DepartmentRecord[]> {
    const rows = await this.dataSource.getRepository(Department).find({ order: { sortOrder: 'ASC', name: 'ASC' } });
    return rows.map(departmentRecord);
  }

  async doctors(departmentId?: string): Promise<DoctorRecord[]> {
    const rows = await this.dataSource.getRepository(Doctor).find({ where: departmentId ? { departmentId } : {}, order: { sortOrder: 'ASC', name: 'ASC' } });
    return rows.map(doctorRecord);
  }

  updateDepartment(actor: StaffPrincipal, id: string, input: UpdateDepartmentTextsDto): Promise<DepartmentRecord> {
    return this.tx.run(async (m) => {
      const department = await m.getRepository(Department).findOneBy({ id });
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      Object.assign(department, trimmed(input));
      await m.save(department);
      this.catalog.catalogChanged(m, id);
      await this.audit.record(actor, { action: 'catalog.update', resource: 'department', resourceId: id }, m);
      return departmentRecord(department);
    });
  }

  updateDoctor(actor: StaffPrincipal, id: string, input: UpdateDoctorTextsDto): Promise<DoctorRecord> {
    return this.tx.run(async (m) => {
      const doctor = await m.getRepository(Doctor).findOneBy({ id });
      if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
      Object.assign(doctor, trimmed(input));
      await m.save(doctor);
      this.catalog.catalogChanged(m, id);
      await this.audit.record(actor, { action: 'catalog.update', resource: 'doctor', resourceId: id }, m);
      return doctorRecord(doctor);
    });
  }
}

/** Texts as typed, without the spaces around them (a list also loses its empty items). */
function trimmed<T extends object>(input: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? value.trim() : Array.isArray(value) ? value.map((v: string) => v.trim()).filter(Boolean) : value;
  }
  return out as Partial<T>;
}

function departmentRecord(d: Department): DepartmentRecord {
  const { id, code, name, nameEn, description, descriptionEn, location, locationEn, active } = d;
  return { id, code, name, nameEn, description, descriptionEn, location, locationEn, active };
}

function doctorRecord(d: Doctor): DoctorRecord {
  const { id, departmentId, name, nameEn, title, specialties, specialtiesEn, bio, bioEn, active } = d;
  return { id, departmentId, name, nameEn, title, specialties, specialtiesEn, bio, bioEn, active };
}
