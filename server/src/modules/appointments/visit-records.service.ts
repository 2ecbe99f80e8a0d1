import { Inject, Injectable } from '@nestjs/common';
import type { RecordVisitRequest, VisitView } from '@yiban/shared';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { CatalogReader } from '../catalog/index.js';
import { PatientsReader } from '../patients/index.js';
import { VisitsReader } from './visits.reader.js';

/**
 * Staff record a discharge or a visit made outside the booking flow, until an HIS feeds them: clinic staff of the
 * department (admins anywhere). It is a visit like any other — first or return, counted, and told to the listeners
 * (a discharge invites to its survey and enrols matching follow-up plans). The hospital's encounter number makes a
 * replay answer the visit already recorded.
 */
@Injectable()
export class VisitRecords {
  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(actor: StaffPrincipal, input: RecordVisitRequest): Promise<{ visit: VisitView; replayed: boolean }> {
    this.policy.assert(actor, 'department', 'record_visits', { departmentId: input.departmentId });
    await this.catalog.activeDepartment(input.departmentId);
    if (input.doctorId) {
      const doctor = await this.catalog.activeDoctor(input.doctorId);
      if (doctor.departmentId !== input.departmentId) throw new DomainError('DOCTOR_NOT_FOUND');
    }
    if (input.date > localDate(this.clock.now(), this.config.timeZone)) throw new DomainError('VISIT_DATE_IN_FUTURE');
    const result = await this.tx.run(async (m) => {
      const patient = await this.patients.byId(input.patientId, m);
      if (!patient || patient.deletedAt) throw new DomainError('PATIENT_NOT_FOUND');
      if (input.externalRef) {
        const existing = await this.visits.byExternalRef(input.externalRef, m);
        if (existing) {
          if (existing.patientId !== input.patientId) throw new DomainError('VISIT_EXTERNAL_REF_TAKEN');
          return { id: existing.id, replayed: true };
        }
      }
      const visit = await this.visits.record(
        m,
        {
          patientId: input.patientId,
          appointmentId: null,
          departmentId: input.departmentId,
          doctorId: input.doctorId ?? null,
          date: input.date,
          amountSpent: 0,
          source: 'staff',
          encounterClass: input.encounterClass,
          externalRef: input.externalRef ?? null,
        },
        input.diagnosisCodes ?? [],
      );
      await this.audit.record(
        actor,
        {
          action: 'patient.update',
          patientId: input.patientId,
          resource: 'visit',
          resourceId: visit.id,
          purpose: input.encounterClass === 'inpatient' ? 'record discharge' : 'record outside visit',
        },
        m,
      );
      return { id: visit.id, replayed: false };
    });
    const [view] = await this.visits.views(input.patientId, result.id);
    return { visit: view!, replayed: result.replayed };
  }
}
