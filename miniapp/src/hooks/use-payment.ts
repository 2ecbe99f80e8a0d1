import type { RequestPaymentParams } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { platform, type PaySheet } from '../platform';
import { toApiError } from '../services/errors';
import { takePayment } from '../services/payment-handoff';
import { confirmPayment, payAndConfirm, type PaymentState, type Settlement } from '../services/payment-flow';
import { appStore } from '../store/app-store';

/** How one kind of paid-for thing is loaded, asked to pay again, and read. */
export interface PayableSource<T> {
  /** GET the thing (polled until it leaves its pending state). */
  load: () => Promise<T>;
  /** POST …/pay: fresh pay-sheet parameters, or null when there is nothing to pay any more. */
  payAgain: () => Promise<{ item: T; payment: RequestPaymentParams | null }>;
  /** Where it stands: still waiting for the payment, confirmed, or ended without it. */
  classify: (item: T) => Settlement;
}

/**
 * Paying for one thing from a page: the pay sheet (with parameters handed over by the page that created it, or fresh
 * ones), then the wait for the hospital's confirmation. `onPaid` runs inside the payment callback (the subscribe
 * popup is allowed there).
 */
export function usePayment<T>(id: string, source: PayableSource<T>, options: { onPaid?: () => void; onSettled?: (item: T) => void; sheet?: PaySheet } = {}) {
  const [state, setState] = useState<PaymentState<T>>({ phase: 'idle' });
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
    load: source.load,
    onState: (s: PaymentState<T>) => {
      if (!alive.current) return;
      setState(s);
      if (s.phase === 'confirmed' || s.phase === 'ended') opts.current.onSettled?.(s.appointment);
    },
    confirm: { stopped: () => !alive.current, classify: source.classify },
  };

  /** Opens the pay sheet: with the handed-over parameters if there are any, else fresh ones. */
  const pay = async (): Promise<void> => {
    setState({ phase: 'paying' });
    let params = takePayment(id);
    if (!params) {
      try {
        const res = await source.payAgain();
        if (!res.payment) {
          // Nothing to pay any more (paid meanwhile, or free): show where it stands.
          deps.onState(source.classify(res.item) === 'pending' ? { phase: 'idle' } : { phase: 'confirmed', appointment: res.item });
          return;
        }
        params = res.payment;
      } catch (e) {
        deps.onState({ phase: 'failed', message: toApiError(e, appStore.get().prefs.locale).message });
        return;
      }
    }
    await payAndConfirm<T>(params, {
      ...deps,
      requestPayment: (p, sheet) => platform.requestPayment(p, sheet),
      sheet: opts.current.sheet,
      onPaid: () => opts.current.onPaid?.(),
    });
  };

  return { state, pay, checkAgain: () => confirmPayment<T>(deps) };
}
