/**
 * 我的订单: what the WeChat account paid (for any of its profiles), with its refunds. `GET /me/orders?limit=&cursor=`,
 * newest first. Amounts are integer fen.
 */
export const ORDER_STATES = ['pending', 'paid', 'refunding', 'partially_refunded', 'refunded', 'closed'] as const;
/**
 * `pending`: waiting for payment (until `payBefore`); `paid`; `refunding`: money on its way back; `partially_refunded`
 * and `refunded`: some or all of it came back; `closed`: never paid (the hold ran out or the thing was cancelled first).
 */
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_PURPOSES = ['appointment', 'consultation', 'event'] as const;
export type OrderPurpose = (typeof ORDER_PURPOSES)[number];

export const ORDER_REFUND_STATES = ['processing', 'succeeded', 'failed'] as const;
/** `failed`: WeChat Pay could not return it (staff are told and resolve it by hand). */
export type OrderRefundState = (typeof ORDER_REFUND_STATES)[number];

export interface OrderRefundView {
  id: string;
  /** Integer fen. */
  amount: number;
  state: OrderRefundState;
  requestedAt: string;
  settledAt: string | null;
}

export interface OrderView {
  id: string;
  /** The merchant order number WeChat Pay shows in the payer's bill (for the service desk). */
  outTradeNo: string;
  purpose: OrderPurpose;
  /** The thing paid for, described by the module that sold it, in the reader's language. */
  subject: {
    id: string;
    /** `挂号 · 心血管内科 · 张伟` / `Appointment · Cardiology · Zhang Wei`. */
    title: string;
    /** The visit's time, the consultation's question …; null when there is nothing more to say. */
    detail: string | null;
    /** The mini-program page about it (without a leading slash). */
    link: string;
  };
  patientId: string;
  /** The profile it was for (a family member's name, for a parent paying). */
  patientName: string | null;
  state: OrderState;
  amount: number;
  /** Refunds that succeeded, and those asked for and not settled yet (integer fen). */
  refunded: number;
  refundPending: number;
  /** While pending: the last moment to pay. */
  payBefore: string | null;
  paidAt: string | null;
  createdAt: string;
  refunds: OrderRefundView[];
}
