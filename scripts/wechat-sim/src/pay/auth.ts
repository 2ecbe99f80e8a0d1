import { createPublicKey, type KeyObject } from 'node:crypto';
import type { SimRequest } from '../http/router.js';
import type { SimKeys } from '../keys.js';
import { AUTH_SCHEMA, requestMessage, rsaVerify } from './crypto.js';
import { payError } from './errors.js';

/** A request timestamp further than this from the real clock is refused. */
export const MAX_CLOCK_SKEW_S = 300;
const FIELDS = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const;

export interface MerchantAuth {
  mchid: string;
  nonce: string;
  timestamp: string;
  serialNo: string;
}

const merchantKeys = new WeakMap<SimKeys, KeyObject>();

/**
 * WeChat Pay's request authentication: the `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
 * signature="…",timestamp="…",serial_no="…"` header, its signature over `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n`
 * verified with the merchant certificate. Throws 401 SIGN_ERROR.
 */
export function authenticate(req: SimRequest, keys: SimKeys, now = Date.now()): MerchantAuth {
  const header = req.headers.authorization;
  const fields = typeof header === 'string' ? parseAuthorization(header) : undefined;
  if (!fields)
    throw payError(
      'SIGN_ERROR',
      `Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》：应为 ${AUTH_SCHEMA} mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`,
    );
  const missing = FIELDS.filter((field) => !fields[field]);
  if (missing.length > 0) throw payError('SIGN_ERROR', `Http头Authorization中缺少 ${missing.join(', ')}`);
  const { mchid, nonce_str: nonce, signature, timestamp, serial_no: serialNo } = fields as Record<(typeof FIELDS)[number], string>;

  if (mchid !== keys.mchid) throw payError('SIGN_ERROR', `商户号 ${mchid} 不存在或与签名不符`);
  // Serials are compared ignoring case: wechatpay-node-v3 derives a lower-case one from the certificate.
  if (serialNo.toUpperCase() !== keys.merchant.serialNo) throw payError('SIGN_ERROR', `商户证书序列号 ${serialNo} 有误，请使用签名私钥匹配的证书序列号`);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Math.floor(now / 1000) - Number(timestamp)) > MAX_CLOCK_SKEW_S) {
    throw payError('SIGN_ERROR', `签名中的时间戳 ${timestamp} 与当前时间相差超过 ${MAX_CLOCK_SKEW_S} 秒`);
  }

  const message = requestMessage(req.method, req.target, timestamp, nonce, req.rawBody.toString('utf8'));
  if (!rsaVerify(message, signature, merchantPublicKey(keys))) throw payError('SIGN_ERROR');
  return { mchid, nonce, timestamp, serialNo };
}

export function merchantPublicKey(keys: SimKeys): KeyObject {
  let key = merchantKeys.get(keys);
  if (!key) {
    key = createPublicKey(keys.merchant.certificatePem);
    merchantKeys.set(keys, key);
  }
  return key;
}

/** `SCHEMA k="v",k="v"` → fields; undefined when the schema is not WeChat Pay's. */
export function parseAuthorization(header: string): Record<string, string> | undefined {
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== AUTH_SCHEMA) return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.slice(space + 1).matchAll(/([a-z_]+)="([^"]*)"/g)) fields[match[1]!] = match[2]!;
  return fields;
}
