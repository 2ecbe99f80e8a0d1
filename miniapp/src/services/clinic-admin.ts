import type {
  AppointmentView,
  ClinicSessionView,
  CreateSchedulesRequest,
  CreateSchedulesResponse,
  StopSessionResponse,
  UpdateSlotRequest,
} from '@yiban/shared';
import { staffApi } from './api';

/** The staff side of booking: the schedule editor and the day's appointments at the front desk. */

export const listSessions = (query: { departmentId?: string; doctorId?: string; from: string; to: string }) =>
  staffApi.get<ClinicSessionView[]>('/schedules/sessions', { query });

export const createSchedules = (body: CreateSchedulesRequest) => staffApi.post<CreateSchedulesResponse>('/schedules/bulk', body, { retry: false });

/** Answers the slot's clinic as it is now (the server's answer; the contract in shared does not say). */
export const updateSlot = (id: string, body: UpdateSlotRequest) =>
  staffApi.patch<ClinicSessionView>(`/slots/${encodeURIComponent(id)}`, body, { retry: false });

export const stopSession = (id: string, reason: string) =>
  staffApi.post<StopSessionResponse>(`/schedules/sessions/${encodeURIComponent(id)}/stop`, { reason }, { retry: false });

export const listDayAppointments = (query: { date: string; departmentId?: string; doctorId?: string }) =>
  staffApi.get<AppointmentView[]>('/staff/appointments', { query });

export const checkIn = (code: string) => staffApi.post<AppointmentView>('/check-ins', { code }, { retry: false });

export const markNoShow = (id: string) => staffApi.post<AppointmentView>(`/appointments/${encodeURIComponent(id)}/no-show`, undefined, { retry: false });

export const markCompleted = (id: string) => staffApi.post<AppointmentView>(`/appointments/${encodeURIComponent(id)}/complete`, undefined, { retry: false });
