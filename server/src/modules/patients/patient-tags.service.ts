import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service.js';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { syncPatientSegmentProfiles } from './patient-segment-profile.js';
import { Patient } from './patient.entity.js';
import { PatientTag } from './patient-tag.entity.js';

export const PATIENT_TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const PATIENT_TAGS_MAX = 20;

/** Patients' tags (codes such as `diabetes`), set by the staff who care for them; segments read them. */
@Injectable()
export class PatientTagsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async of(patientId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(PatientTag).find({ where: { patientId }, order: { tag: 'ASC' } });
    return rows.map((r) => r.tag);
  }

  /** Replaces a patient's tags: clinical staff with a care relationship (or a break-the-glass grant), audited. */
  async set(actor: StaffPrincipal, patientId: string, tags: string[]): Promise<string[]> {
    await this.access.readPatientRecord(actor, patientId, { resource: 'patient.tags', purpose: 'set tags' });
    const wanted = [...new Set(tags)].sort();
    await this.tx.run(async (m) => {
      // Serialises concurrent edits of one patient's tags.
      if (!(await lockRow(m, Patient, patientId))) throw new DomainError('PATIENT_NOT_FOUND');
      const current = (await m.getRepository(PatientTag).findBy({ patientId })).map((r) => r.tag);
      const removed = current.filter((t) => !wanted.includes(t));
      const added = wanted.filter((t) => !current.includes(t));
      for (const tag of removed) await m.delete(PatientTag, { patientId, tag });
      if (added.length)
        await m.insert(
          PatientTag,
          added.map((tag) => m.getRepository(PatientTag).create({ patientId, tag })),
        );
      await syncPatientSegmentProfiles(m, [patientId]);
      await this.audit.record(actor, { action: 'patient.update', patientId, resource: 'patient.tags', resourceId: patientId, purpose: 'set tags' }, m);
    });
    return wanted;
  }
}
