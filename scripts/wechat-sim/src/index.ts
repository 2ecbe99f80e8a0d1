export { DEFAULT_APPID, startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export type { AppCredentials } from './apps.js';
export type { CallRecord } from './call-log.js';
export { MAX_CONTENT_CHARS, PASS_LABEL, SECURITY_WORDS, type SecuritySuggest, type SecurityWord } from './content-security.js';
export type { FaultRule, FaultRuleSpec } from './faults.js';
export type { CustomMessage, InboxMessage, InboxPage, SubscribeMessage } from './inbox.js';
export { KEY_FILES, type CertifiedKey, type MerchantJson, type SimKeys, type WechatPayPublicKey } from './keys.js';
export { CUSTOM_WINDOW_MS } from './routes/message.js';
export type { SendLimitConfig } from './send-limits.js';
export type { SimState } from './state.js';
export type { Grant, SubscribeResult } from './subscriptions.js';
export { DEFAULT_TEMPLATES, type SubscribeTemplate, type TemplateKind } from './templates.js';
export type { AccessTokenRecord, TokenKind } from './tokens.js';
export type { SimUser } from './users.js';
export { PAY_ERRORS, type PayErrorCode } from './pay/errors.js';
export {
  DEFAULT_PAY_SETTINGS,
  type NotificationAttempt,
  type NotificationRecord,
  type NotifyEvent,
  type PayMode,
  type PayOrder,
  type PayRefund,
  type PaySettings,
  type RefundStatus,
  type TradeState,
} from './pay/ledger.js';
export { RETRY_SCHEDULE_MS } from './pay/notifier.js';
export { appUserName, pushSignature, PUSH_RETRIES, PUSH_TIMEOUT_MS, type PushAttempt, type PushConfig, type PushRecord } from './message-push.js';
export {
  DEFAULT_MEDIA_LABELS,
  DEFAULT_MEDIA_SETTINGS,
  MEDIA_MAX_BYTES,
  type MediaCheckRecord,
  type MediaCheckSettings,
  type MediaVerdictRule,
} from './media-check.js';
export { PREPAY_TTL_MS } from './pay/service.js';
export { aesGcmDecrypt, aesGcmEncrypt, paySignMessage, requestMessage, responseMessage } from './pay/crypto.js';
