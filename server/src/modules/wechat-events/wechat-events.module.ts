import { Module } from '@nestjs/common';
import { WechatEvents } from './wechat-events.js';
import { WechatPushController } from './wechat-push.controller.js';

/** The mini-program's message push: WeChat's signed events, recorded once and dispatched to the modules that registered their kinds. */
@Module({
  controllers: [WechatPushController],
  providers: [WechatEvents],
  exports: [WechatEvents],
})
export class WechatEventsModule {}
