// The messaging module's public surface: Notifications for anything told to a patient; DeliveriesService is the
// outbound WeChat path underneath it (customer-service texts go through it directly). Bulk sends (campaigns):
// Notifications.notify(m, inputs, { source: 'campaign:<id>' }) queues them; the source's drain jobs send them;
// DeliveriesService pauses, resumes, cancels and reports on a source.
export { MessagingModule } from './messaging.module.js';
export { Notifications, type AnyNotifyInput, type NotifyInput } from './notifications.service.js';
export { DeliveriesService } from './deliveries.service.js';
export { SubscriptionsService } from './subscriptions.service.js';
export { SubscriptionSegmentFacts } from './subscription-segment-facts.js';
export { MarketingPreferencesService } from './marketing-preferences.service.js';
export { fitKeyword, fitTemplateData, templateData } from './wechat-templates.js';
export type {
  BulkNotifyOptions,
  SourceRecipient,
  SourceRecipientsQuery,
  SourceDrainedHandler,
  SourceStats,
  SourceStopReason,
  SourceStoppedHandler,
  SourceTimelinePoint,
} from './source-types.js';
