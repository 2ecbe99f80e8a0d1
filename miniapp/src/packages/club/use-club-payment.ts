import type { ClubRegistrationView } from '@yiban/shared';
import type { PaySheet } from '../../platform';
import { usePayment } from '../../hooks/use-payment';
import { clubRegistration, payRegistration } from '../../services/club';
import type { Settlement } from '../../services/payment-flow';

const settlement = (r: ClubRegistrationView): Settlement =>
  r.status === 'pending_payment' ? 'pending' : r.status === 'registered' || r.status === 'attended' ? 'confirmed' : 'ended';

/** Paying a club event's fee through the one checkout (POST …/pay for fresh parameters), then polling until the seat is confirmed. */
export function useClubPayment(registrationId: string, options: { onPaid?: () => void; onSettled?: (r: ClubRegistrationView) => void; sheet?: PaySheet } = {}) {
  return usePayment<ClubRegistrationView>(
    registrationId,
    {
      load: () => clubRegistration(registrationId),
      payAgain: async () => {
        const res = await payRegistration(registrationId);
        return { item: res.registration, payment: res.payment ?? null };
      },
      classify: settlement,
    },
    options,
  );
}
