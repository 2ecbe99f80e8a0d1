import { CURRENT_CONSENT_VERSIONS, type ConsentKind, type Gender, type Locale } from '@yiban/shared';
import { IsNull, Not } from 'typeorm';
import { Clock } from '../integrations/clock.js';
import { VisitDiagnosis } from '../modules/appointments/visit-diagnosis.entity.js';
import { countVisits } from '../modules/appointments/patient-visit-stats.entity.js';
import { Visit } from '../modules/appointments/visit.entity.js';
import { Department } from '../modules/catalog/department.entity.js';
import { Consent } from '../modules/consents/consent.entity.js';
import { ConsentsService } from '../modules/consents/consents.service.js';
import { foldConsentStates } from '../modules/consents/consent-state.entity.js';
import { SubscriptionGrant } from '../modules/messaging/subscription-grant.entity.js';
import { syncPatientSegmentProfiles } from '../modules/patients/patient-segment-profile.js';
import { PatientTag } from '../modules/patients/patient-tag.entity.js';
import { Patient } from '../modules/patients/patient.entity.js';
import { dataSourceOf, inTransaction, type TestServer } from './server.js';

/** The facts a segment fixture patient has, written straight to the database (see test/api/segments.test.ts). */
export interface SegmentFacts {
  gender?: Gender;
  birthDate?: string | null;
  language?: Locale;
  tags?: string[];
  /** Visits `daysAgo` days before the server's hospital date, with ICD-10 diagnoses. */
  visits?: { departmentCode: string; daysAgo: number; diagnoses?: string[] }[];
  /** Further consent decisions after the ones the patient has (in order, a millisecond apart). */
  consents?: { kind: ConsentKind; granted: boolean; version?: string }[];
  /** A grant per template id. */
  grants?: { templateId: string; remaining: number; longTerm?: boolean }[];
  /** Soft-deleted (removed from the account). */
  deleted?: boolean;
  /** No WeChat account (a record that came only from the HIS). */
  noAccount?: boolean;
}

/** Gives an existing patient (from `addPatients`) the facts a segment test needs. */
export async function setSegmentFacts(server: TestServer, patientId: string, facts: SegmentFacts): Promise<void> {
  const clock = server.app.get(Clock);
  const departments = new Map((await dataSourceOf(server).getRepository(Department).find()).map((d) => [d.code, d.id]));
  await inTransaction(server, async (m) => {
    const patient = await m.getRepository(Patient).findOneByOrFail({ id: patientId });
    await m.update(
      Patient,
      { id: patientId },
      {
        ...(facts.gender && { gender: facts.gender }),
        ...(facts.birthDate !== undefined && { birthDate: facts.birthDate }),
        ...(facts.language && { language: facts.language }),
        ...(facts.deleted && { deletedAt: clock.now() }),
        ...(facts.noAccount && { accountId: null }),
      },
    );
    for (const tag of facts.tags ?? []) await m.insert(PatientTag, m.getRepository(PatientTag).create({ patientId, tag }));
    await syncPatientSegmentProfiles(m, [patientId]);
    const today = new Date(clock.now().getTime() + 8 * 3_600_000);
    for (const v of facts.visits ?? []) {
      const departmentId = departments.get(v.departmentCode);
      if (!departmentId) throw new Error(`no department ${v.departmentCode} (is the demo data seeded?)`);
      const date = new Date(today.getTime() - v.daysAgo * 86_400_000).toISOString().slice(0, 10);
      const visit = m.getRepository(Visit).create({ patientId, departmentId, date, kind: 'first', source: 'his' });
      await m.insert(Visit, visit);
      await countVisits(m, [visit]);
      for (const code of v.diagnoses ?? []) await m.insert(VisitDiagnosis, m.getRepository(VisitDiagnosis).create({ visitId: visit.id, patientId, code }));
    }
    let at = clock.now().getTime() + 1;
    for (const c of facts.consents ?? []) {
      const decision = m.getRepository(Consent).create({
        patientId,
        kind: c.kind,
        version: c.version ?? CURRENT_CONSENT_VERSIONS[c.kind],
        granted: c.granted,
        decidedAt: new Date(at++),
      });
      await m.insert(Consent, decision);
      await foldConsentStates(m, [decision]);
      // Written behind the service's back: it forgets what it knew of the patient's consents.
      server.app.get(ConsentsService).decided(m, [patientId]);
    }
    for (const g of facts.grants ?? []) {
      if (!patient.accountId) continue;
      await m.insert(
        SubscriptionGrant,
        m
          .getRepository(SubscriptionGrant)
          .create({ accountId: patient.accountId, templateId: g.templateId, remaining: g.remaining, longTerm: g.longTerm ?? false }),
      );
    }
  });
}

/** Removes (soft-deletes) every reachable patient but these, so a fixture population is the only one counted. */
export async function removeOtherPatients(server: TestServer, keep: readonly string[]): Promise<number> {
  const clock = server.app.get(Clock);
  return inTransaction(server, async (m) => {
    const others = (await m.getRepository(Patient).find({ where: { accountId: Not(IsNull()) }, select: { id: true } }))
      .map((p) => p.id)
      .filter((id) => !keep.includes(id));
    for (const id of others) await m.update(Patient, { id }, { deletedAt: clock.now() });
    await syncPatientSegmentProfiles(m, others);
    return others.length;
  });
}
