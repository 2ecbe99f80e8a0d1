import type { AppointmentView, RequestPaymentParams } from '@yiban/shared';
import type { PaymentOutcome, PaymentParams, PaySheet } from '../platform/types';
import { ApiRequestError } from './errors';

/**
 * Paying for an appointment (or a consultation), as a state machine the page renders. WeChat's pay sheet answering "ok" does not
 * make the appointment confirmed: the hospital learns of the payment from WeChat's notification to the server,
 * a moment later. So after the sheet the app polls the appointment until it leaves `pending_payment`, showing
 * progress; if that takes too long it says so and offers "check again" (the money is not lost: the server also
 * queries WeChat for orders still pending).
 */
export type PaymentState<T = AppointmentView> =
  | { phase: 'idle' }
  /** WeChat's pay sheet is open. */
  | { phase: 'paying' }
  /** Paid; waiting for the hospital to confirm (polling). */
  | { phase: 'confirming'; elapsedMs: number }
  | { phase: 'confirmed'; appointment: T }
  /** The patient closed the pay sheet: the place is still held until holdExpiresAt. */
  | { phase: 'cancelled' }
  /** The pay sheet failed (WeChat's message), or asking the server to pay failed. */
  | { phase: 'failed'; message: string }
  /** It left pending_payment without being confirmed (the hold ran out, or it was cancelled meanwhile). */
  | { phase: 'ended'; appointment: T }
  /** Still not confirmed after the wait: tell the patient, offer to check again. */
  | { phase: 'unconfirmed'; reason: string | null };

/** Where a paid-for thing stands: still waiting for the payment, confirmed, or ended without it. */
export type Settlement = 'pending' | 'confirmed' | 'ended';

export interface ConfirmOptions<T = AppointmentView> {
  /** GET /appointments/{id} (or the consultation) */
  load: () => Promise<T>;
  /** How a loaded value stands (default: an appointment's status). */
  classify?: (value: T) => Settlement;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Give up waiting after this long (default 30 s). */
  timeoutMs?: number;
  /** Pauses between polls; the last repeats (default 1, 1, 2, 2, 3 s …). */
  intervalsMs?: readonly number[];
  onProgress?: (elapsedMs: number) => void;
  /** Stop quietly (the page went away). */
  stopped?: () => boolean;
}

export type ConfirmResult<T = AppointmentView> =
  | { outcome: 'confirmed'; appointment: T }
  | { outcome: 'ended'; appointment: T }
  | { outcome: 'timeout'; lastError: ApiRequestError | null }
  | { outcome: 'error'; error: ApiRequestError }
  | { outcome: 'stopped' };

const CONFIRMED: readonly AppointmentView['status'][] = ['confirmed', 'checked_in', 'completed'];

/** An appointment: pending while `pending_payment`, confirmed once paid for, ended otherwise. */
export function appointmentSettlement(appointment: AppointmentView): Settlement {
  if (appointment.status === 'pending_payment') return 'pending';
  return CONFIRMED.includes(appointment.status) ? 'confirmed' : 'ended';
}
export const DEFAULT_CONFIRM_TIMEOUT_MS = 30_000;
export const DEFAULT_INTERVALS_MS = [1_000, 1_000, 2_000, 2_000, 3_000] as const;

/** Polls the appointment until it leaves pending_payment, the wait runs out, or a failure that waiting cannot cure. */
export async function waitForConfirmation<T = AppointmentView>(options: ConfirmOptions<T>): Promise<ConfirmResult<T>> {
  const classify = options.classify ?? (appointmentSettlement as unknown as (value: T) => Settlement);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
  const intervals = options.intervalsMs?.length ? options.intervalsMs : DEFAULT_INTERVALS_MS;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (options.stopped?.()) return { outcome: 'stopped' };
    let lastError: ApiRequestError | null = null;
    try {
      const appointment = await options.load();
      const settled = classify(appointment);
      if (settled !== 'pending') return settled === 'confirmed' ? { outcome: 'confirmed', appointment } : { outcome: 'ended', appointment };
    } catch (error) {
      // A lost answer or a busy server is worth waiting out; "not found" or "not yours" is not.
      if (error instanceof ApiRequestError && !error.transient) return { outcome: 'error', error };
      lastError = error instanceof ApiRequestError ? error : null;
    }
    const elapsed = now() - started;
    if (elapsed >= timeoutMs) return { outcome: 'timeout', lastError };
    options.onProgress?.(elapsed);
    const pause = intervals[Math.min(attempt, intervals.length - 1)]!;
    await sleep(Math.min(pause, Math.max(0, timeoutMs - elapsed)));
  }
}

export interface PayDeps<T = AppointmentView> {
  requestPayment: (params: PaymentParams, sheet?: PaySheet) => Promise<PaymentOutcome>;
  /** What the pay sheet shows (the H5 stand-in; WeChat reads it from the order). */
  sheet?: PaySheet;
  load: () => Promise<T>;
  /** Called synchronously in the payment callback, before anything is awaited (WeChat allows the subscribe popup there). */
  onPaid?: () => void;
  onState: (state: PaymentState<T>) => void;
  confirm?: Omit<ConfirmOptions<T>, 'load' | 'onProgress'>;
}

/** The pay sheet with the server's parameters, then the wait for confirmation; every step reported through onState. */
export async function payAndConfirm<T = AppointmentView>(params: RequestPaymentParams, deps: PayDeps<T>): Promise<PaymentState<T>> {
  deps.onState({ phase: 'paying' });
  // wx.requestPayment takes no appId (the mini-program's own is used); the H5 simulator neither.
  const { appId: _appId, ...payParams } = params;
  let outcome: PaymentOutcome;
  try {
    outcome = await deps.requestPayment(payParams, deps.sheet);
  } catch (error) {
    outcome = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.status === 'paid') deps.onPaid?.();
  let state: PaymentState<T>;
  if (outcome.status === 'cancelled') state = { phase: 'cancelled' };
  else if (outcome.status === 'failed') state = { phase: 'failed', message: outcome.message };
  else return confirmPayment(deps);
  deps.onState(state);
  return state;
}

/** Only the waiting part: after paying, or from "check again". */
export async function confirmPayment<T = AppointmentView>(deps: Pick<PayDeps<T>, 'load' | 'onState' | 'confirm'>): Promise<PaymentState<T>> {
  deps.onState({ phase: 'confirming', elapsedMs: 0 });
  const result = await waitForConfirmation<T>({
    ...deps.confirm,
    load: deps.load,
    onProgress: (elapsedMs) => deps.onState({ phase: 'confirming', elapsedMs }),
  });
  let state: PaymentState<T>;
  switch (result.outcome) {
    case 'confirmed':
      state = { phase: 'confirmed', appointment: result.appointment };
      break;
    case 'ended':
      state = { phase: 'ended', appointment: result.appointment };
      break;
    case 'timeout':
      state = { phase: 'unconfirmed', reason: result.lastError?.message ?? null };
      break;
    case 'error':
      state = { phase: 'unconfirmed', reason: result.error.message };
      break;
    case 'stopped':
      state = { phase: 'idle' };
      break;
  }
  deps.onState(state);
  return state;
}
