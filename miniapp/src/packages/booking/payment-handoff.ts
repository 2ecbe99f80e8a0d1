/** Hand-over of pay-sheet parameters lives in services/payment-handoff (shared with consultations). */
export { handOffPayment, takePayment } from '../../services/payment-handoff';

export const RESULT_PAGE = '/packages/booking/pages/result/index';
export const APPOINTMENT_PAGE = '/packages/booking/pages/appointment/index';
export const APPOINTMENTS_PAGE = '/packages/booking/pages/appointments/index';
export const WAITLIST_PAGE = '/packages/booking/pages/waitlist/index';
