// The messaging module's public surface: Notifications for anything told to a patient; DeliveriesService is the
// outbound WeChat path underneath it (customer-service texts go through it directly).
export { MessagingModule } from './messaging.module.js';
export { Notifications, type AnyNotifyInput, type NotifyInput } from './notifications.service.js';
export { DeliveriesService } from './deliveries.service.js';
export { SubscriptionsService } from './subscriptions.service.js';
export { fitKeyword, fitTemplateData } from './wechat-templates.js';
