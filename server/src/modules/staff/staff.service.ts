import { Inject, Injectable } from '@nestjs/common';
import { DEPARTMENT_ROLES, type StaffAccountView, type StaffRole, type StaffView } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { PasswordHasher } from '../../integrations/crypto/password-hasher.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { CatalogReader } from '../catalog/index.js';
import { StaffMember } from './staff-member.entity.js';
import { StaffDirectory } from './staff.directory.js';
import type { CreateStaffDto, StaffListQuery, UpdateStaffDto } from './staff.dto.js';

@Injectable()
export class StaffService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(StaffDirectory) private readonly directory: StaffDirectory,
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

  /** As administrators manage them: every account, its state and last sign-in. */
  toAccountView(staff: StaffMember): StaffAccountView {
    return {
      ...this.toView(staff),
      // MySQL hands back the column default of a fresh insert as 1.
      active: Boolean(staff.active),
      lastLoginAt: staff.lastLoginAt?.toISOString() ?? null,
      createdAt: staff.createdAt.toISOString(),
    };
  }

  /**
   * Accounts matching the filters: active ones first, then by username. A hospital's staff is a few thousand at most,
   * so the words are matched here (case-insensitively, anywhere in the username or the display name), the same on
   * both databases.
   */
  async list(filter: StaffListQuery = {}): Promise<StaffMember[]> {
    const words = filter.q?.trim().toLowerCase().split(/\s+/) ?? [];
    const all = await this.dataSource.getRepository(StaffMember).find({ order: { username: 'ASC' } });
    return all
      .filter((s) => !filter.role || s.roles.includes(filter.role))
      .filter((s) => filter.active === undefined || s.active === (filter.active === 'true'))
      .filter((s) => words.every((w) => s.username.toLowerCase().includes(w) || s.displayName.toLowerCase().includes(w)))
      .sort((a, b) => Number(b.active) - Number(a.active));
  }

  async create(actor: StaffPrincipal, input: CreateStaffDto): Promise<StaffMember> {
    if (!this.hasher.isStrongEnough(input.password)) throw new DomainError('STAFF_PASSWORD_WEAK');
    const passwordHash = await this.hasher.hash(input.password);
    return this.tx.run(async (m) => {
      if (await m.getRepository(StaffMember).existsBy({ username: input.username })) throw new DomainError('STAFF_USERNAME_TAKEN');
      if (input.departmentId && !(await this.catalog.departmentExists(input.departmentId, m))) throw new DomainError('DEPARTMENT_NOT_FOUND');
      assertDepartmentFor(input.roles, input.departmentId ?? null);
      const staff = m.getRepository(StaffMember).create({
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        roles: [...new Set(input.roles)],
        departmentId: input.departmentId ?? null,
      });
      await m.insert(StaffMember, staff);
      await this.audit.record(
        actor,
        {
          action: 'staff.create',
          resource: 'staff',
          resourceId: staff.id,
          purpose: `${staff.username}: ${staff.roles.join(',')}${staff.departmentId ? ` @ ${staff.departmentId}` : ''}`,
        },
        m,
      );
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
      const departmentId = input.departmentId === undefined ? staff.departmentId : input.departmentId;
      // An admin never locks themselves out: another admin disables them or takes their admin role.
      if (staff.id === actor.staffId && (input.active === false || !roles.includes('admin'))) throw new DomainError('STAFF_SELF_LOCKOUT');
      assertDepartmentFor(roles, departmentId);
      const changed = changes(staff, { roles, departmentId, displayName: input.displayName, active: input.active, password: !!passwordHash });
      // New roles, a new password or a disabled account: every session of this member ends now, on every instance.
      endSessions = !!passwordHash || input.active === false || roles.length !== staff.roles.length || roles.some((r) => !staff.roles.includes(r));
      if (input.displayName !== undefined) staff.displayName = input.displayName;
      staff.roles = roles;
      staff.departmentId = departmentId;
      if (input.active !== undefined) staff.active = input.active;
      if (passwordHash) staff.passwordHash = passwordHash;
      await m.save(staff);
      this.directory.staffChanged(m, staff.id);
      await this.audit.record(actor, { action: 'staff.update', resource: 'staff', resourceId: staff.id, purpose: changed }, m);
      return staff;
    });
    if (endSessions) await this.policy.endSessions({ kind: 'staff', id: updated.id });
    return updated;
  }

  /** An administrator sets a new password (the member forgot theirs, or it leaked): every session of the member ends. */
  async resetPassword(actor: StaffPrincipal, id: string, password: string): Promise<StaffMember> {
    const passwordHash = await this.hashIfStrong(password);
    const updated = await this.tx.run(async (m) => {
      const staff = await m.getRepository(StaffMember).findOneBy({ id });
      if (!staff) throw new DomainError('STAFF_NOT_FOUND');
      staff.passwordHash = passwordHash;
      await m.save(staff);
      this.directory.staffChanged(m, staff.id);
      await this.audit.record(actor, { action: 'staff.password_reset', resource: 'staff', resourceId: staff.id }, m);
      return staff;
    });
    await this.policy.endSessions({ kind: 'staff', id: updated.id });
    return updated;
  }

  private async hashIfStrong(password: string): Promise<string> {
    if (!this.hasher.isStrongEnough(password)) throw new DomainError('STAFF_PASSWORD_WEAK');
    return this.hasher.hash(password);
  }
}

/** Doctors and nurses work in a department (its clinic days, its consultation pool): their accounts name one. */
function assertDepartmentFor(roles: readonly StaffRole[], departmentId: string | null): void {
  if (!departmentId && roles.some((r) => DEPARTMENT_ROLES.includes(r))) throw new DomainError('STAFF_DEPARTMENT_REQUIRED');
}

/** What an update changed, for the audit log's purpose column (no secrets: a new password is only named). */
function changes(
  staff: StaffMember,
  next: { roles: StaffRole[]; departmentId: string | null; displayName?: string; active?: boolean; password: boolean },
): string | null {
  const parts: string[] = [];
  if (next.displayName !== undefined && next.displayName !== staff.displayName) parts.push(`name: ${staff.displayName} → ${next.displayName}`);
  if (next.roles.join(',') !== staff.roles.join(',')) parts.push(`roles: ${staff.roles.join(',')} → ${next.roles.join(',')}`);
  if (next.departmentId !== staff.departmentId) parts.push(`department: ${staff.departmentId ?? '-'} → ${next.departmentId ?? '-'}`);
  if (next.active !== undefined && next.active !== staff.active) parts.push(next.active ? 'enabled' : 'disabled');
  if (next.password) parts.push('password changed');
  return parts.length ? parts.join('; ').slice(0, 255) : null;
}
