import type { DepartmentView, DoctorView } from '@yiban/shared';
import { publicApi } from './api';

export const listDepartments = () => publicApi.get<DepartmentView[]>('/departments', { auth: false });
export const listDoctors = (departmentId?: string) => publicApi.get<DoctorView[]>('/doctors', { auth: false, query: { departmentId } });
