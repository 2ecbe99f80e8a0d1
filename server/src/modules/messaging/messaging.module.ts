import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { DeliveriesService } from './deliveries.service.js';
import { InboxController } from './inbox.controller.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Everything sent to patients through WeChat goes through DeliveriesService. */
@Module({
  imports: [ConsentsModule],
  controllers: [SubscriptionsController, InboxController],
  providers: [SubscriptionsService, DeliveriesService],
  exports: [SubscriptionsService, DeliveriesService],
})
export class MessagingModule {}
