import type {
  ClubCheckInResult,
  ClubEventInput,
  ClubEventView,
  ClubRegistrationResult,
  ClubRegistrationView,
  StaffClubEventView,
  StaffClubRegistrationView,
} from '@yiban/shared';
import { patientApi, staffApi } from './api';

/** The VIP club: events for the acting profile (register, confirm, pay, cancel) and for the club's staff in the console. */

const id = (value: string) => encodeURIComponent(value);

export const CLUB_LIST_PAGE = '/packages/club/pages/list/index';
export const CLUB_EVENT_PAGE = '/packages/club/pages/event/index';
export const STAFF_CLUB_EVENTS_PAGE = '/packages/staff/pages/club-events/index';
export const STAFF_CLUB_EVENT_PAGE = '/packages/staff/pages/club-event/index';

// ---------------------------------------------------------------- patients

export const clubEvents = () => patientApi.get<ClubEventView[]>('/events');

export const clubEvent = (eventId: string) => patientApi.get<ClubEventView>(`/events/${id(eventId)}`);

export const myRegistrations = () => patientApi.get<ClubRegistrationView[]>('/me/registrations');

export const clubRegistration = (registrationId: string) => patientApi.get<ClubRegistrationView>(`/events/registrations/${id(registrationId)}`);

/** Same key, same registration: a retried tap never registers twice. */
export const registerForEvent = (eventId: string, idempotencyKey: string) =>
  patientApi.post<ClubRegistrationResult>(`/events/${id(eventId)}/registrations`, {}, { idempotencyKey });

export const confirmRegistration = (registrationId: string) =>
  patientApi.post<ClubRegistrationResult>(`/events/registrations/${id(registrationId)}/confirm`, undefined, { retry: false });

export const payRegistration = (registrationId: string) =>
  patientApi.post<ClubRegistrationResult>(`/events/registrations/${id(registrationId)}/pay`, undefined, { retry: false });

export const cancelRegistration = (registrationId: string) =>
  patientApi.post<ClubRegistrationView>(`/events/registrations/${id(registrationId)}/cancel`, undefined, { retry: false });

// ---------------------------------------------------------------- staff

export const staffClubEvents = () => staffApi.get<StaffClubEventView[]>('/club/events');

export const staffClubEvent = (eventId: string) => staffApi.get<StaffClubEventView>(`/club/events/${id(eventId)}`);

export const staffClubRegistrations = (eventId: string) => staffApi.get<StaffClubRegistrationView[]>(`/club/events/${id(eventId)}/registrations`);

export const createClubEvent = (body: ClubEventInput) => staffApi.post<StaffClubEventView>('/events', body, { retry: false });

export const updateClubEvent = (eventId: string, body: ClubEventInput) =>
  staffApi.request<StaffClubEventView>(`/events/${id(eventId)}`, { method: 'PUT', body, retry: false });

export const publishClubEvent = (eventId: string) => staffApi.post<StaffClubEventView>(`/events/${id(eventId)}/publish`, undefined, { retry: false });

export const cancelClubEvent = (eventId: string) => staffApi.post<StaffClubEventView>(`/events/${id(eventId)}/cancel`, undefined, { retry: false });

export const checkInAtEvent = (eventId: string, code: string) =>
  staffApi.post<ClubCheckInResult>(`/events/${id(eventId)}/check-ins`, { code }, { retry: false });
