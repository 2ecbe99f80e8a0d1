import { Inject, Injectable } from '@nestjs/common';
import type { AuditLogPage } from '@yiban/shared';
import { seesPatientNames } from '../../common/auth/access-rules.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { hospitalDays } from '../../common/http/date-range.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PatientsReader, PatientsService } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
import type { AuditQueryDto } from './audit.dto.js';

/**
 * The audit log as admins read it: who (by name, with the roles they held then), what, whose record (the name and
 * masked identifiers), why and when. Reading it shows patients' names, so the reading is itself recorded.
 */
@Injectable()
export class AuditLogReader {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(PatientsService) private readonly patientViews: PatientsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async page(reader: StaffPrincipal, query: AuditQueryDto): Promise<AuditLogPage> {
    const { since, before } = hospitalDays(query, this.config.timeZone);
    const page = await this.audit.list({
      patientId: query.patientId,
      actorStaffId: query.actorStaffId,
      action: query.action,
      since,
      before,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    const [actors, patients] = await Promise.all([
      this.staff.byIds(page.items.map((a) => a.actorStaffId)),
      this.patients.byIds(page.items.flatMap((a) => (a.patientId ? [a.patientId] : []))),
    ]);
    const names = seesPatientNames(reader);
    // Not filed under the patient (whose own trail lists who read their record); the filter is in the purpose.
    await this.audit.record(reader, {
      action: 'audit.read',
      resource: 'audit_log',
      purpose: describe(query, page.items.length),
    });
    return {
      items: page.items.map((a) => {
        const actor = actors.get(a.actorStaffId);
        const patient = a.patientId ? patients.get(a.patientId) : undefined;
        const view = patient ? this.patientViews.toView(patient) : null;
        return {
          id: a.id,
          at: a.at.toISOString(),
          actorStaffId: a.actorStaffId,
          actorName: actor?.displayName ?? null,
          actorUsername: actor?.username ?? null,
          actorRoles: a.actorRoles,
          action: a.action,
          patientId: a.patientId,
          patient: view ? { name: names ? view.name : null, phoneMasked: view.phoneMasked, idNumberMasked: view.idNumberMasked } : null,
          resource: a.resource,
          resourceId: a.resourceId,
          purpose: a.purpose,
          requestId: a.requestId,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }
}

/** The filters of a read of the log, for its own audit entry. */
function describe(query: AuditQueryDto, shown: number): string {
  const parts = [
    query.actorStaffId && `staff ${query.actorStaffId}`,
    query.patientId && `patient ${query.patientId}`,
    query.action && `action ${query.action}`,
    query.from && `from ${query.from}`,
    query.to && `to ${query.to}`,
    query.cursor && 'next page',
  ].filter(Boolean);
  return `audit log (${shown})${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
