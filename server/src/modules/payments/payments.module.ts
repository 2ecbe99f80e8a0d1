import { Module } from '@nestjs/common';
import { WechatPayClient } from '../../integrations/wechat-pay/wechat-pay.client.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { Checkout } from './checkout.js';
import { PaymentPurposes } from './payment-purposes.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

/** WeChat Pay orders, notifications, queries and refunds behind the one Checkout that selling modules register their purposes with. */
@Module({
  imports: [PatientsModule, MessagingModule],
  controllers: [PaymentsController],
  providers: [WechatPayClient, PaymentPurposes, PaymentsService, Checkout],
  exports: [Checkout],
})
export class PaymentsModule {}
