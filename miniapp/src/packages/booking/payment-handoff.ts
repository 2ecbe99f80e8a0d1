import type { RequestPaymentParams } from '@yiban/shared';

/**
 * The pay-sheet parameters from POST /appointments (or a waitlist acceptance), handed from the page that booked to
 * the result page that pays, in memory: they are single-use and never stored. If they are gone (the app was
 * restarted), the result page asks the server for fresh ones (POST /appointments/{id}/pay).
 */
const pending = new Map<string, RequestPaymentParams>();

export function handOffPayment(appointmentId: string, params: RequestPaymentParams): void {
  pending.set(appointmentId, params);
}

export function takePayment(appointmentId: string): RequestPaymentParams | null {
  const params = pending.get(appointmentId) ?? null;
  pending.delete(appointmentId);
  return params;
}

export const RESULT_PAGE = '/packages/booking/pages/result/index';
export const APPOINTMENT_PAGE = '/packages/booking/pages/appointment/index';
export const APPOINTMENTS_PAGE = '/packages/booking/pages/appointments/index';
export const WAITLIST_PAGE = '/packages/booking/pages/waitlist/index';
