import { Inject, Injectable } from '@nestjs/common';
import { CLINICAL_ROLES } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../../modules/audit/audit.service.js';
import { Patient } from '../../modules/patients/patient.entity.js';
import { DomainError } from '../errors/domain-error.js';
import type { AccountPrincipal, StaffPrincipal } from './principal.js';

/**
 * The one way to check who may touch a patient's data.
 * - A WeChat account reaches only the profiles it manages (self and family).
 * - Staff with a clinical role reach a patient's record, and every such read is audited.
 *   Marketing and service staff never reach clinical detail (they work on aggregates).
 */
@Injectable()
export class PatientAccess {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The profile a patient route acts for: the chosen one if the account owns it, else the account's own. */
  async actingPatient(principal: AccountPrincipal, patientId?: string): Promise<Patient> {
    if (patientId) return this.ownedBy(principal, patientId);
    const self = await this.dataSource.getRepository(Patient).findOneBy({ accountId: principal.accountId, relationship: 'self' });
    if (!self) throw new DomainError('PATIENT_NOT_FOUND');
    return self;
  }

  /** A profile of this account, or FORBIDDEN_OWNERSHIP (also for ids that do not exist, so ids cannot be probed). */
  async ownedBy(principal: AccountPrincipal, patientId: string): Promise<Patient> {
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id: patientId });
    if (!patient || patient.accountId !== principal.accountId) throw new DomainError('FORBIDDEN_OWNERSHIP');
    return patient;
  }

  /** A patient's record for a staff member with a clinical role; the read is written to the audit log. */
  async forStaff(staff: StaffPrincipal, patientId: string, why: { resource: string; purpose: string }): Promise<Patient> {
    if (!staff.roles.some((role) => CLINICAL_ROLES.includes(role))) throw new DomainError('FORBIDDEN_ROLE');
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id: patientId });
    if (!patient) throw new DomainError('PATIENT_NOT_FOUND');
    await this.audit.record(staff, { action: 'patient.read', patientId, resource: why.resource, resourceId: patientId, purpose: why.purpose });
    return patient;
  }
}
