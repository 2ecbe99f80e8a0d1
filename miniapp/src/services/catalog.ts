import type { DepartmentRecord, DepartmentView, DoctorRecord, DoctorView, UpdateDepartmentTextsRequest, UpdateDoctorTextsRequest } from '@yiban/shared';
import { publicApi, staffApi } from './api';

/** Departments and doctors as patients read them: rendered by the server in the app's language (Accept-Language). */
export const listDepartments = () => publicApi.get<DepartmentView[]>('/departments', { auth: false });
export const listDoctors = (departmentId?: string) => publicApi.get<DoctorView[]>('/doctors', { auth: false, query: { departmentId } });

/** The same catalogue with both languages, as an admin edits it. */
export const listDepartmentRecords = () => staffApi.get<DepartmentRecord[]>('/admin/catalog/departments');
export const listDoctorRecords = () => staffApi.get<DoctorRecord[]>('/admin/catalog/doctors');
export const updateDepartmentTexts = (id: string, body: UpdateDepartmentTextsRequest) =>
  staffApi.patch<DepartmentRecord>(`/admin/catalog/departments/${encodeURIComponent(id)}`, body, { retry: false });
export const updateDoctorTexts = (id: string, body: UpdateDoctorTextsRequest) =>
  staffApi.patch<DoctorRecord>(`/admin/catalog/doctors/${encodeURIComponent(id)}`, body, { retry: false });
