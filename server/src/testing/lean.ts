import { selectFirst, selectOne, updateById } from '../common/database/lean.js';
import { Consultation } from '../modules/consultations/consultation.entity.js';
import { Patient } from '../modules/patients/patient.entity.js';
import { dataSourceOf, type TestServer } from './server.js';

/** A consultation as the hot paths' lean read returns it (`selectOne`), locked in a transaction of its own. */
export async function leanConsultation(server: TestServer, id: string): Promise<Readonly<Consultation> | null> {
  return dataSourceOf(server).transaction((m) => selectOne(m, Consultation, id, { lock: true }));
}

/** Writes `changes` to a consultation with the hot paths' lean update (`updateById`); answers the rows changed. */
export async function leanUpdateConsultation(server: TestServer, id: string, changes: Partial<Consultation>): Promise<number> {
  return updateById(dataSourceOf(server).manager, Consultation, id, changes);
}

/** A profile as the access policy's lean read returns it (`selectFirst`): removed profiles left out unless `withDeleted`. */
export async function leanPatient(server: TestServer, where: Partial<Patient>, options: { withDeleted?: boolean } = {}): Promise<Readonly<Patient> | null> {
  return selectFirst(dataSourceOf(server).manager, Patient, where, options);
}
