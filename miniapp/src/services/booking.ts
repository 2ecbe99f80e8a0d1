import type { AppointmentView, AppointmentWithPayment, DoctorView, JoinWaitlistRequest, SlotView, VisitView, WaitlistEntryView } from '@yiban/shared';
import { patientApi, publicApi } from './api';

/** The patient's side of booking and paying (acting profile via X-Patient-Id, added by the request module). */

export const getDoctor = (id: string) => publicApi.get<DoctorView>(`/doctors/${encodeURIComponent(id)}`, { auth: false });

/** Bookable slots between two hospital-time dates (`to` exclusive). */
export const listSlots = (doctorId: string, from: string, to: string) =>
  publicApi.get<SlotView[]>(`/doctors/${encodeURIComponent(doctorId)}/slots`, { auth: false, query: { from, to } });

/** Holds a place; the key makes a repeated tap (or a retry after a lost answer) return the same appointment. */
export const bookSlot = (slotId: string, idempotencyKey: string) => patientApi.post<AppointmentWithPayment>('/appointments', { slotId }, { idempotencyKey });

/** New pay-sheet parameters for an appointment still waiting for payment. */
export const payAppointment = (id: string) =>
  patientApi.post<AppointmentWithPayment>(`/appointments/${encodeURIComponent(id)}/pay`, undefined, { retry: false });

export const listMyAppointments = () => patientApi.get<AppointmentView[]>('/me/appointments');

export const getAppointment = (id: string) => patientApi.get<AppointmentView>(`/appointments/${encodeURIComponent(id)}`);

export const cancelAppointment = (id: string, reason?: string) =>
  patientApi.post<AppointmentView>(`/appointments/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}, { retry: false });

export const rescheduleAppointment = (id: string, slotId: string) =>
  patientApi.post<AppointmentView>(`/appointments/${encodeURIComponent(id)}/reschedule`, { slotId }, { retry: false });

export const joinWaitlist = (body: JoinWaitlistRequest) => patientApi.post<WaitlistEntryView>('/waitlist', body, { retry: false });

export const listMyWaitlist = () => patientApi.get<WaitlistEntryView[]>('/me/waitlist');

export const acceptWaitlistOffer = (id: string) =>
  patientApi.post<AppointmentWithPayment>(`/waitlist/${encodeURIComponent(id)}/accept`, undefined, { retry: false });

export const declineWaitlistOffer = (id: string) =>
  patientApi.post<WaitlistEntryView>(`/waitlist/${encodeURIComponent(id)}/decline`, undefined, { retry: false });

export const leaveWaitlist = (id: string) => patientApi.post<WaitlistEntryView>(`/waitlist/${encodeURIComponent(id)}/cancel`, undefined, { retry: false });

export const listMyVisits = () => patientApi.get<VisitView[]>('/me/visits');
