export { DEFAULT_APPID, startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export type { AppCredentials } from './apps.js';
export type { CallRecord } from './call-log.js';
export type { FaultRule, FaultRuleSpec } from './faults.js';
export { KEY_FILES, type CertifiedKey, type MerchantJson, type SimKeys, type WechatPayPublicKey } from './keys.js';
export type { SimState } from './state.js';
export type { AccessTokenRecord, TokenKind } from './tokens.js';
export type { SimUser } from './users.js';
