import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager, In, type EntityTarget } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ClusterEvents } from '../../common/realtime/cluster-events.js';
import { Department } from './department.entity.js';
import { Doctor } from './doctor.entity.js';

/** Told to every instance (the sender too) after a department's or doctor's texts changed. */
const CHANGED = 'catalog.changed';
/** How long a department or doctor read in a batch is kept; an edit forgets it at once on every instance. */
const KEEP_MS = 60_000;

/**
 * Departments and doctors for the other modules: read-only, by id, in batches. The batch reads (names for views and
 * messages) are kept in memory for a minute: they change rarely, and an edit (`catalogChanged`) forgets them on every
 * instance once it has committed.
 */
@Injectable()
export class CatalogReader {
  private readonly kept = new LRUCache<string, Department | Doctor>({ max: 5_000, ttl: KEEP_MS });

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
  ) {
    this.cluster.subscribe(CHANGED, (payload) => {
      for (const id of Array.isArray(payload) ? payload : []) if (typeof id === 'string') this.kept.delete(id);
    });
  }

  private db(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A department's or doctor's row changes in `m`'s transaction: forgotten here at once, and everywhere once committed. */
  catalogChanged(m: EntityManager, id: string): void {
    this.kept.delete(id);
    this.tx.afterCommit(m, () => {
      this.cluster.publish(CHANGED, [id]).catch(() => this.kept.delete(id));
    });
  }

  departments(ids: Iterable<string>, m?: EntityManager): Promise<Map<string, Department>> {
    return this.batch(Department, [...ids], m);
  }

  doctors(ids: Iterable<string | null>, m?: EntityManager): Promise<Map<string, Doctor>> {
    return this.batch(Doctor, [...ids], m);
  }

  private async batch<E extends Department | Doctor>(entity: EntityTarget<E>, ids: (string | null)[], m?: EntityManager): Promise<Map<string, E>> {
    const unique = [...new Set(ids)].filter((id): id is string => !!id);
    const found = new Map<string, E>();
    const missing: string[] = [];
    for (const id of unique) {
      const row = this.kept.get(id) as E | undefined;
      if (row) found.set(id, row);
      else missing.push(id);
    }
    if (!missing.length) return found;
    const rows = await this.db(m)
      .getRepository(entity)
      .findBy({ id: In(missing) } as never);
    for (const row of rows) {
      this.kept.set(row.id, row);
      found.set(row.id, row);
    }
    return found;
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
