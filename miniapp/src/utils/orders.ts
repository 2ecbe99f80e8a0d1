import type { OrderState, OrderView } from '@yiban/shared';
import type { MessageKey } from '../i18n';
import type { StatusTone } from './appointments';

/** How an order's state reads: the words and the colour of its badge. */
export function orderStateLabel(state: OrderState): { key: MessageKey; tone: StatusTone } {
  switch (state) {
    case 'pending':
      return { key: 'orders.state.pending', tone: 'attention' };
    case 'paid':
      return { key: 'orders.state.paid', tone: 'good' };
    case 'refunding':
      return { key: 'orders.state.refunding', tone: 'attention' };
    case 'partially_refunded':
      return { key: 'orders.state.partially_refunded', tone: 'neutral' };
    case 'refunded':
      return { key: 'orders.state.refunded', tone: 'neutral' };
    case 'closed':
      return { key: 'orders.state.closed', tone: 'neutral' };
  }
}

/** Pages of orders joined, each order once (a page fetched again after a refresh replaces what it had). */
export function mergeOrders(existing: readonly OrderView[], page: readonly OrderView[]): OrderView[] {
  const byId = new Map(existing.map((o) => [o.id, o]));
  for (const order of page) byId.set(order.id, order);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
