import { randomUUID, type KeyObject } from 'node:crypto';
import type { Reply } from '../http/reply.js';
import type { SimKeys } from '../keys.js';
import { AUTH_SCHEMA, newNonce, responseMessage, rsaSign, unixSeconds } from './crypto.js';
import type { PayMode } from './ledger.js';

/** The key WeChat Pay signs with in a mode, and the serial it names in `Wechatpay-Serial`. */
export function signingKey(keys: SimKeys, mode: PayMode): { serial: string; privateKey: KeyObject } {
  return mode === 'public_key'
    ? { serial: keys.publicKey.id, privateKey: keys.publicKey.privateKey }
    : { serial: keys.platform.serialNo, privateKey: keys.platform.privateKey };
}

/** `Wechatpay-Timestamp/Nonce/Serial/Signature` over `timestamp\nnonce\nbody\n`, fresh timestamp and nonce each time. */
export function wechatpayHeaders(keys: SimKeys, mode: PayMode, body: string): Record<string, string> {
  const { serial, privateKey } = signingKey(keys, mode);
  const timestamp = unixSeconds();
  const nonce = newNonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': serial,
    'wechatpay-signature': rsaSign(responseMessage(timestamp, nonce, body), privateKey),
    'wechatpay-signature-type': AUTH_SCHEMA,
  };
}

/** Signs an answer of the /v3 surface over the exact bytes it carries (an empty body for 204). */
export function signReply(keys: SimKeys, mode: PayMode, reply: Reply): Reply {
  const body = reply.body === undefined ? '' : Buffer.isBuffer(reply.body) ? reply.body.toString('utf8') : reply.body;
  return { ...reply, headers: { ...reply.headers, 'request-id': newRequestId(), ...wechatpayHeaders(keys, mode, body) } };
}

/** WeChat Pay's Request-ID header looks like `08F78BB5AF0610D302189F0120C8E6F2FF0528E5E702-0`. */
function newRequestId(): string {
  return `${randomUUID().replaceAll('-', '').toUpperCase()}-0`;
}
