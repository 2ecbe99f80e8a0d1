import type { ConsultationView } from '@yiban/shared';
import type { PaySheet } from '../../platform';
import { usePayment } from '../../hooks/use-payment';
import { getConsultationForPatient, payConsultation } from '../../services/consultations';
import type { Settlement } from '../../services/payment-flow';

const settlement = (c: ConsultationView): Settlement => (c.status === 'pending_payment' ? 'pending' : c.status === 'cancelled' ? 'ended' : 'confirmed');

/** Paying a consultation's fee (POST /consultations/{id}/pay for fresh parameters), then polling until it leaves pending_payment. */
export function useConsultPayment(consultationId: string, options: { onSettled?: (c: ConsultationView) => void; sheet?: PaySheet } = {}) {
  return usePayment<ConsultationView>(
    consultationId,
    {
      load: () => getConsultationForPatient(consultationId),
      payAgain: async () => {
        const res = await payConsultation(consultationId);
        return { item: res.consultation, payment: res.payment };
      },
      classify: settlement,
    },
    options,
  );
}
