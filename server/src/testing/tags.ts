import { syncPatientSegmentProfiles } from '../modules/patients/patient-segment-profile.js';
import { PatientTag } from '../modules/patients/patient-tag.entity.js';
import { inTransaction, type TestServer } from './server.js';

/** Puts one tag on many patients in a few multi-row INSERTs (a segment `tag eq <tag>` then is exactly them). */
export async function tagPatients(server: TestServer, patientIds: readonly string[], tag: string): Promise<void> {
  for (let i = 0; i < patientIds.length; i += 1000) {
    const chunk = patientIds.slice(i, i + 1000);
    await inTransaction(server, async (m) => {
      await m.insert(
        PatientTag,
        chunk.map((patientId) => m.getRepository(PatientTag).create({ patientId, tag })),
      );
      await syncPatientSegmentProfiles(m, chunk);
    });
  }
}
