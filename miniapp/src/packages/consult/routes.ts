import type { RequestPaymentParams } from '@yiban/shared';

export const CONSULT_START_PAGE = '/packages/consult/pages/start/index';
export const CONSULT_CHAT_PAGE = '/packages/consult/pages/chat/index';
export const CONSULT_LIST_PAGE = '/packages/consult/pages/list/index';

/**
 * The pay-sheet parameters from POST /consultations, handed from the start page to the chat page in memory (single
 * use, never stored). Gone after a restart: the chat page asks POST /consultations/{id}/pay for fresh ones.
 */
const pending = new Map<string, RequestPaymentParams>();

export function handOffPayment(consultationId: string, params: RequestPaymentParams): void {
  pending.set(consultationId, params);
}

export function takePayment(consultationId: string): RequestPaymentParams | null {
  const params = pending.get(consultationId) ?? null;
  pending.delete(consultationId);
  return params;
}
