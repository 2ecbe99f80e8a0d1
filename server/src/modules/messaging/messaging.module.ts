import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { ConsentsModule } from '../consents/index.js';
import { PatientsModule } from '../patients/index.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryBatches } from './delivery-batches.js';
import { InboxController } from './inbox.controller.js';
import { MarketingPreferencesController } from './marketing-preferences.controller.js';
import { MarketingPreferencesService } from './marketing-preferences.service.js';
import { SendRate } from './send-rate.js';
import { SourceDrain } from './source-drain.js';
import { Notifications } from './notifications.service.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { SubscriptionSegmentFacts } from './subscription-segment-facts.js';

/** Everything told to a patient goes through Notifications (消息), and on WeChat through DeliveriesService (the one outbound path). */
@Module({
  imports: [ConsentsModule, PatientsModule, CatalogModule],
  controllers: [SubscriptionsController, InboxController, MarketingPreferencesController],
  providers: [
    SubscriptionsService,
    MarketingPreferencesService,
    DeliveryBatches,
    DeliveriesService,
    Notifications,
    SendRate,
    SourceDrain,
    SubscriptionSegmentFacts,
  ],
  exports: [SubscriptionsService, DeliveriesService, Notifications, MarketingPreferencesService, SubscriptionSegmentFacts],
})
export class MessagingModule {}
