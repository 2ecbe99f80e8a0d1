import type { AppointmentView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { platform, type PaySheet } from '../../platform';
import { getAppointment, payAppointment } from '../../services/booking';
import { toApiError } from '../../services/errors';
import { confirmPayment, payAndConfirm, type PaymentState } from '../../services/payment-flow';
import { appStore } from '../../store/app-store';
import { takePayment } from './payment-handoff';

/**
 * Paying for one appointment from a page: the pay sheet (with parameters handed over by the booking page, or fresh
 * ones from POST /appointments/{id}/pay), then the wait for the hospital's confirmation. `onPaid` runs inside the
 * payment callback (the subscribe popup is allowed there).
 */
export function usePayment(appointmentId: string, options: { onPaid?: () => void; onSettled?: (appointment: AppointmentView) => void; sheet?: PaySheet } = {}) {
  const [state, setState] = useState<PaymentState>({ phase: 'idle' });
  const alive = useRef(true);
  const opts = useRef(options);
  opts.current = options;
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const deps = {
    load: () => getAppointment(appointmentId),
    onState: (s: PaymentState) => {
      if (!alive.current) return;
      setState(s);
      if (s.phase === 'confirmed' || s.phase === 'ended') opts.current.onSettled?.(s.appointment);
    },
    confirm: { stopped: () => !alive.current },
  };

  /** Opens the pay sheet: with the handed-over parameters if there are any, else fresh ones. */
  const pay = async (): Promise<void> => {
    setState({ phase: 'paying' });
    let params = takePayment(appointmentId);
    if (!params) {
      try {
        const res = await payAppointment(appointmentId);
        if (!res.payment) {
          // Nothing to pay any more (paid meanwhile, or free): show where it stands.
          deps.onState(res.appointment.status === 'pending_payment' ? { phase: 'idle' } : { phase: 'confirmed', appointment: res.appointment });
          return;
        }
        params = res.payment;
      } catch (e) {
        deps.onState({ phase: 'failed', message: toApiError(e, appStore.get().prefs.locale).message });
        return;
      }
    }
    await payAndConfirm(params, {
      ...deps,
      requestPayment: (p, sheet) => platform.requestPayment(p, sheet),
      sheet: opts.current.sheet,
      onPaid: () => opts.current.onPaid?.(),
    });
  };

  const checkAgain = () => confirmPayment(deps);

  return { state, pay, checkAgain };
}
