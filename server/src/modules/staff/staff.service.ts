import { Inject, Injectable } from '@nestjs/common';
import type { StaffView } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { PasswordHasher } from '../../integrations/crypto/password-hasher.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { CatalogReader } from '../catalog/index.js';
import { StaffMember } from './staff-member.entity.js';
import type { CreateStaffDto, UpdateStaffDto } from './staff.dto.js';

@Injectable()
export class StaffService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
  ) {}

  toView(staff: StaffMember): StaffView {
    return {
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      roles: staff.roles,
      departmentId: staff.departmentId,
      doctorId: staff.doctorId,
    };
  }

  async get(id: string): Promise<StaffMember> {
    const staff = await this.dataSource.getRepository(StaffMember).findOneBy({ id });
    if (!staff) throw new DomainError('STAFF_NOT_FOUND');
    return staff;
  }

  list(): Promise<StaffMember[]> {
    return this.dataSource.getRepository(StaffMember).find({ order: { username: 'ASC' } });
  }

  async create(actor: StaffPrincipal, input: CreateStaffDto): Promise<StaffMember> {
    if (!this.hasher.isStrongEnough(input.password)) throw new DomainError('STAFF_PASSWORD_WEAK');
    const passwordHash = await this.hasher.hash(input.password);
    return this.tx.run(async (m) => {
      if (await m.getRepository(StaffMember).existsBy({ username: input.username })) throw new DomainError('STAFF_USERNAME_TAKEN');
      if (input.departmentId && !(await this.catalog.departmentExists(input.departmentId, m))) throw new DomainError('DEPARTMENT_NOT_FOUND');
      const staff = m.getRepository(StaffMember).create({
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        roles: [...new Set(input.roles)],
        departmentId: input.departmentId ?? null,
      });
      await m.insert(StaffMember, staff);
      await this.audit.record(actor, { action: 'staff.create', resource: 'staff', resourceId: staff.id }, m);
      return staff;
    });
  }

  async update(actor: StaffPrincipal, id: string, input: UpdateStaffDto): Promise<StaffMember> {
    const passwordHash = input.password === undefined ? undefined : await this.hashIfStrong(input.password);
    let endSessions = false;
    const updated = await this.tx.run(async (m) => {
      const staff = await m.getRepository(StaffMember).findOneBy({ id });
      if (!staff) throw new DomainError('STAFF_NOT_FOUND');
      if (input.departmentId && !(await this.catalog.departmentExists(input.departmentId, m))) throw new DomainError('DEPARTMENT_NOT_FOUND');
      const roles = input.roles === undefined ? staff.roles : [...new Set(input.roles)];
      // New roles, a new password or a disabled account: every session of this member ends now, on every instance.
      endSessions = !!passwordHash || input.active === false || roles.length !== staff.roles.length || roles.some((r) => !staff.roles.includes(r));
      if (input.displayName !== undefined) staff.displayName = input.displayName;
      staff.roles = roles;
      if (input.departmentId !== undefined) staff.departmentId = input.departmentId;
      if (input.active !== undefined) staff.active = input.active;
      if (passwordHash) staff.passwordHash = passwordHash;
      await m.save(staff);
      await this.audit.record(actor, { action: 'staff.update', resource: 'staff', resourceId: staff.id }, m);
      return staff;
    });
    if (endSessions) await this.policy.endSessions({ kind: 'staff', id: updated.id });
    return updated;
  }

  private async hashIfStrong(password: string): Promise<string> {
    if (!this.hasher.isStrongEnough(password)) throw new DomainError('STAFF_PASSWORD_WEAK');
    return this.hasher.hash(password);
  }
}
