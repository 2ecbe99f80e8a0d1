import type { AppointmentView } from '@yiban/shared';
import type { PaySheet } from '../../platform';
import { usePayment as usePaymentFor } from '../../hooks/use-payment';
import { getAppointment, payAppointment } from '../../services/booking';
import { appointmentSettlement } from '../../services/payment-flow';

/** Paying for one appointment (POST /appointments/{id}/pay for fresh parameters), then the wait for confirmation. */
export function usePayment(appointmentId: string, options: { onPaid?: () => void; onSettled?: (appointment: AppointmentView) => void; sheet?: PaySheet } = {}) {
  return usePaymentFor<AppointmentView>(
    appointmentId,
    {
      load: () => getAppointment(appointmentId),
      payAgain: async () => {
        const res = await payAppointment(appointmentId);
        return { item: res.appointment, payment: res.payment };
      },
      classify: appointmentSettlement,
    },
    options,
  );
}
