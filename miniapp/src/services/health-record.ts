import type { HealthEntryInput, HealthEntryView, HealthRecordView, MeasurementInput, MeasurementKind, MeasurementSeries, MeasurementView } from '@yiban/shared';
import { patientApi, staffApi } from './api';

/** The health record (健康档案): the acting profile's own; a patient's for the care team in the console. */

const id = (value: string) => encodeURIComponent(value);

export const HEALTH_RECORD_PAGE = '/packages/health-record/pages/index/index';
export const HEALTH_TREND_PAGE = '/packages/health-record/pages/trend/index';
export const HEALTH_ENTRY_PAGE = '/packages/health-record/pages/entry/index';

export const myHealthRecord = () => patientApi.get<HealthRecordView>('/me/health-record');

export const myMeasurements = (kind: MeasurementKind, range: { from?: string; to?: string } = {}) =>
  patientApi.get<MeasurementSeries>('/me/health-record/measurements', { query: { kind, ...range } });

export const addMyEntry = (body: HealthEntryInput) => patientApi.post<HealthEntryView>('/me/health-record/entries', body);

export const replaceMyEntry = (entryId: string, body: HealthEntryInput) =>
  patientApi.request<HealthEntryView>(`/me/health-record/entries/${id(entryId)}`, { method: 'PUT', body });

export const removeMyEntry = (entryId: string) => patientApi.delete(`/me/health-record/entries/${id(entryId)}`);

export const addMyMeasurement = (body: MeasurementInput) => patientApi.post<MeasurementView>('/me/health-record/measurements', body);

export const removeMyMeasurement = (measurementId: string) => patientApi.delete(`/me/health-record/measurements/${id(measurementId)}`);

// ---------------------------------------------------------------- staff: the care team (every read audited by the server)

export const patientHealthRecord = (patientId: string) => staffApi.get<HealthRecordView>(`/patients/${id(patientId)}/health-record`);

export const addPatientEntry = (patientId: string, body: HealthEntryInput) =>
  staffApi.post<HealthEntryView>(`/patients/${id(patientId)}/health-record/entries`, body);

export const addPatientMeasurement = (patientId: string, body: MeasurementInput) =>
  staffApi.post<MeasurementView>(`/patients/${id(patientId)}/health-record/measurements`, body);
