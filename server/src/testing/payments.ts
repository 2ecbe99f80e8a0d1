import { AppointmentsService } from '../modules/appointments/appointments.service.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { PaymentsService } from '../modules/payments/payments.service.js';
import type { RefundRow } from './rows.js';
import { inTransaction, type TestServer } from './server.js';

/** Asks for a refund of `amount` fen of the payment for `subjectId` (an appointment or consultation), as the server's own flows do; null when nothing more may be refunded. */
export function requestRefund(server: TestServer, subjectId: string, amount: number, reason: string): Promise<RefundRow | null> {
  return inTransaction(server, async (m) =>
    server.app.get(PaymentsService).refund(m, await m.getRepository(Payment).findOneByOrFail({ subjectId }), amount, reason),
  );
}

/** One run of the refund job for `refundId`, as a worker would run it (it throws when WeChat Pay's answer is unknown or an error). */
export function runRefundJob(server: TestServer, refundId: string): Promise<void> {
  return server.app.get(PaymentsService).refundJob(refundId);
}

/** The hold-expiry job for one appointment, run now (releases the place if the hold ran out unpaid). */
export function releaseExpiredHold(server: TestServer, appointmentId: string): Promise<void> {
  return server.app.get(AppointmentsService).releaseExpiredHold(appointmentId);
}
