// The wechat-events module's public surface.
export { WechatEventsModule } from './wechat-events.module.js';
export { WechatEvents, type AfterCommit, type WechatEventHandler, type WechatPushBody } from './wechat-events.js';
export type { WechatPushEvent } from './wechat-push-event.entity.js';
