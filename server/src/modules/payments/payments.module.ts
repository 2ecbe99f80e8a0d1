import { Global, Module } from '@nestjs/common';
import { WechatPayClient } from '../../integrations/wechat-pay/wechat-pay.client.js';
import { PaymentPurposes } from './payment-purposes.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

/** WeChat Pay orders, notifications, queries and refunds; the modules that sell things register a PaymentPurposeHandler. */
@Global()
@Module({ controllers: [PaymentsController], providers: [WechatPayClient, PaymentPurposes, PaymentsService], exports: [PaymentsService, PaymentPurposes] })
export class PaymentsModule {}
