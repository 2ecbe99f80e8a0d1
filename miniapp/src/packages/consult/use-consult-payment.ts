import type { ConsultationView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { platform, type PaySheet } from '../../platform';
import { getConsultationForPatient, payConsultation } from '../../services/consultations';
import { toApiError } from '../../services/errors';
import { confirmPayment, payAndConfirm, type PaymentState, type Settlement } from '../../services/payment-flow';
import { appStore } from '../../store/app-store';
import { takePayment } from './routes';

const settlement = (c: ConsultationView): Settlement => (c.status === 'pending_payment' ? 'pending' : c.status === 'cancelled' ? 'ended' : 'confirmed');

/**
 * Paying a consultation's fee with booking's payment flow: the pay sheet (handed-over parameters or fresh ones from
 * POST /consultations/{id}/pay), then polling GET /consultations/{id} until it leaves pending_payment.
 */
export function useConsultPayment(consultationId: string, options: { onSettled?: (c: ConsultationView) => void; sheet?: PaySheet } = {}) {
  const [state, setState] = useState<PaymentState<ConsultationView>>({ phase: 'idle' });
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
    load: () => getConsultationForPatient(consultationId),
    onState: (s: PaymentState<ConsultationView>) => {
      if (!alive.current) return;
      setState(s);
      if (s.phase === 'confirmed' || s.phase === 'ended') opts.current.onSettled?.(s.appointment);
    },
    confirm: { stopped: () => !alive.current, classify: settlement },
  };

  const pay = async (): Promise<void> => {
    setState({ phase: 'paying' });
    let params = takePayment(consultationId);
    if (!params) {
      try {
        const res = await payConsultation(consultationId);
        if (!res.payment) {
          deps.onState(res.consultation.status === 'pending_payment' ? { phase: 'idle' } : { phase: 'confirmed', appointment: res.consultation });
          return;
        }
        params = res.payment;
      } catch (e) {
        deps.onState({ phase: 'failed', message: toApiError(e, appStore.get().prefs.locale).message });
        return;
      }
    }
    await payAndConfirm<ConsultationView>(params, {
      ...deps,
      requestPayment: (p, sheet) => platform.requestPayment(p, sheet),
      sheet: opts.current.sheet,
    });
  };

  return { state, pay, checkAgain: () => confirmPayment<ConsultationView>(deps) };
}
