import { Clock } from '../integrations/clock.js';
import { DeliveriesService, type OutboundMessage, type OutboundText } from '../modules/messaging/deliveries.service.js';
import { MessageDelivery } from '../modules/messaging/message-delivery.entity.js';
import { Notifications, type AnyNotifyInput, type NotifyInput } from '../modules/messaging/notifications.service.js';
import { SubscriptionsService } from '../modules/messaging/subscriptions.service.js';
import type { DeliveryRow } from './rows.js';
import { inTransaction, type TestServer } from './server.js';

export type { AnyNotifyInput, NotifyInput, OutboundMessage, OutboundText };

/** Queues a template message through the one outbound path (in its own transaction); the job worker sends it. */
export function queueMessage(server: TestServer, message: OutboundMessage): Promise<DeliveryRow> {
  return inTransaction(server, (m) => server.app.get(DeliveriesService).queue(m, message));
}

/** Queues many template messages, 100 to a transaction (a campaign). */
export async function queueMessages(server: TestServer, messages: readonly OutboundMessage[]): Promise<void> {
  const deliveries = server.app.get(DeliveriesService);
  for (let i = 0; i < messages.length; i += 100) {
    await inTransaction(server, async (m) => {
      for (const message of messages.slice(i, i + 100)) await deliveries.queue(m, message);
    });
  }
}

/** Queues a customer-service text (allowed within 48 hours of the patient writing). */
export function queueText(server: TestServer, text: OutboundText): Promise<DeliveryRow> {
  return inTransaction(server, (m) => server.app.get(DeliveriesService).queueText(m, text));
}

/** Spends one send of the account's grant for `templateId`, as sending does; false when there is none left. */
export function spendGrant(server: TestServer, accountId: string, templateId: string): Promise<boolean> {
  return inTransaction(server, (m) => server.app.get(SubscriptionsService).spend(m, accountId, templateId));
}

/** Tells a patient something through the notification centre, as a module does (消息, and WeChat against a grant). */
export function notify(server: TestServer, input: AnyNotifyInput | AnyNotifyInput[]): Promise<void> {
  return inTransaction(server, (m) => server.app.get(Notifications).notify(m, input));
}

/** Bulk mode (a campaign's send): the inputs in one transaction under `source`; the source's drain jobs send them. */
export function notifyBulk(server: TestServer, inputs: AnyNotifyInput[], source: string): Promise<void> {
  return inTransaction(server, (m) => server.app.get(Notifications).notify(m, inputs, { source }));
}

/** Marks a delivery as claimed by another run that is still sending it: `sending`, its lease running out in `ms`. */
export async function leaseDelivery(server: TestServer, deliveryId: string, ms: number): Promise<Date> {
  const until = new Date(server.app.get(Clock).now().getTime() + ms);
  await inTransaction(server, (m) => m.update(MessageDelivery, { id: deliveryId }, { status: 'sending', notBefore: until, attempts: 1 }));
  return until;
}
