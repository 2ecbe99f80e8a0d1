import { newId } from '../common/database/columns.js';
import { MembershipService } from '../modules/membership/membership.service.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { inTransaction, type TestServer } from './server.js';

/**
 * A payment paid at `paidAt` (fen kept: `amount − refunded`), written straight to the table for report fixtures (paying
 * through the simulator at a date years ago is not possible), then the patient re-valued as a payment notification
 * would have it (`MembershipService.revalueExact`, at the server's clock).
 */
export async function addKeptPayment(
  server: TestServer,
  p: { patientId: string; accountId: string; amount: number; refunded?: number; paidAt: Date },
): Promise<void> {
  const id = newId();
  const refunded = p.refunded ?? 0;
  await inTransaction(server, (m) =>
    m.insert(
      Payment,
      m.getRepository(Payment).create({
        id,
        outTradeNo: `YB${id}`,
        purpose: 'consultation',
        subjectId: newId(),
        patientId: p.patientId,
        accountId: p.accountId,
        openid: 'oReportFixture',
        description: 'report fixture',
        amount: p.amount,
        status: refunded >= p.amount ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'paid',
        expiresAt: p.paidAt,
        paidAt: p.paidAt,
        refunded,
      }),
    ),
  );
  await server.app.get(MembershipService).revalueExact(p.patientId);
}
