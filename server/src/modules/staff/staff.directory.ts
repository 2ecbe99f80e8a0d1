import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { CatalogReader } from '../catalog/index.js';
import { StaffMember } from './staff-member.entity.js';

/**
 * Staff members for the other modules (names, who works where, who can take a consultation) and for the access
 * policy, which loads a signed-in member's roles and departments through it on every request.
 */
@Injectable()
export class StaffDirectory implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
  ) {}

  onModuleInit(): void {
    this.access.provideStaff(async (staffId) => {
      const [staff, leadOf] = await Promise.all([this.byId(staffId), this.catalog.ledBy(staffId)]);
      if (!staff) return null;
      return {
        active: staff.active,
        roles: staff.roles,
        displayName: staff.displayName,
        departmentIds: staff.departmentId ? [staff.departmentId] : [],
        leadOf,
      };
    });
  }

  byId(id: string, m?: EntityManager): Promise<StaffMember | null> {
    return (m ?? this.dataSource.manager).getRepository(StaffMember).findOneBy({ id });
  }

  async byIds(ids: Iterable<string | null>): Promise<Map<string, StaffMember>> {
    const unique = [...new Set(ids)].filter((id): id is string => !!id);
    if (!unique.length) return new Map();
    return new Map((await this.dataSource.getRepository(StaffMember).findBy({ id: In(unique) })).map((s) => [s.id, s]));
  }

  /** The active staff login of a doctor's public profile (who answers when a patient picks that doctor). */
  forDoctor(doctorId: string, m?: EntityManager): Promise<StaffMember | null> {
    return (m ?? this.dataSource.manager).getRepository(StaffMember).findOneBy({ doctorId, active: true });
  }

  /** Active doctors of a department. */
  async doctorsOf(departmentId: string, m?: EntityManager): Promise<StaffMember[]> {
    return (await (m ?? this.dataSource.manager).getRepository(StaffMember).findBy({ departmentId, active: true })).filter((s) => s.roles.includes('doctor'));
  }

  /** Active staff with a role (e.g. every case manager, who may be a platinum member's health butler). */
  async withRole(role: StaffMember['roles'][number], m?: EntityManager): Promise<StaffMember[]> {
    return (await (m ?? this.dataSource.manager).getRepository(StaffMember).findBy({ active: true })).filter((s) => s.roles.includes(role));
  }

  /** Who a department's consultation can be handed to: its doctors and every case manager. */
  async transferCandidates(departmentId: string): Promise<StaffMember[]> {
    return (await this.dataSource.getRepository(StaffMember).findBy({ active: true })).filter(
      (s) => (s.roles.includes('doctor') && s.departmentId === departmentId) || s.roles.includes('case_manager'),
    );
  }

  forLogin(username: string): Promise<StaffMember | null> {
    return this.dataSource.getRepository(StaffMember).findOneBy({ username });
  }

  async recordLogin(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(StaffMember, { id }, { lastLoginAt: at });
  }
}
