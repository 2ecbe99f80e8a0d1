import type { RequestPaymentParams } from '@yiban/shared';

/**
 * The pay-sheet parameters from the request that created something to pay for (an appointment, a consultation),
 * handed from that page to the page that pays, in memory: they are single-use and never stored. If they are gone
 * (the app was restarted), the paying page asks the server for fresh ones. Keys are the thing's id (ULIDs: unique
 * across kinds).
 */
const pending = new Map<string, RequestPaymentParams>();

export function handOffPayment(id: string, params: RequestPaymentParams): void {
  pending.set(id, params);
}

export function takePayment(id: string): RequestPaymentParams | null {
  const params = pending.get(id) ?? null;
  pending.delete(id);
  return params;
}
