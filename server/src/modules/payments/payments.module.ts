import { Module } from '@nestjs/common';
import { WechatPayClient } from '../../integrations/wechat-pay/wechat-pay.client.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { Checkout } from './checkout.js';
import { OrdersController } from './orders.controller.js';
import { OrdersReader } from './orders.reader.js';
import { PaymentPurposes } from './payment-purposes.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';
import { SpendReader } from './spend.reader.js';

/** WeChat Pay orders, notifications, queries and refunds behind the one Checkout that selling modules register their purposes with. */
@Module({
  imports: [PatientsModule, MessagingModule],
  controllers: [PaymentsController, OrdersController],
  providers: [WechatPayClient, PaymentPurposes, PaymentsService, Checkout, OrdersReader, SpendReader],
  exports: [Checkout, SpendReader],
})
export class PaymentsModule {}
