import { createCipheriv, createDecipheriv, randomBytes, sign, verify, type KeyLike } from 'node:crypto';
import { randomString } from '../ids.js';

// WeChat Pay API v3's cryptography: SHA256withRSA signatures (PKCS#1 v1.5) and AEAD_AES_256_GCM with the APIv3 key.

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
const GCM_TAG_BYTES = 16;

/** Base64 SHA256withRSA signature of a UTF-8 message. */
export function rsaSign(message: string, privateKey: KeyLike): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** False for any malformed input instead of throwing. */
export function rsaVerify(message: string, signature: string, publicKey: KeyLike): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** What a request signature covers: `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n` (the body line is empty for GET). */
export function requestMessage(method: string, target: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** What a response or notification signature covers: `timestamp\nnonce\nbody\n`. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** What wx.requestPayment's paySign covers: `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function paySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  /** base64(ciphertext ‖ 16-byte tag) */
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/** AEAD_AES_256_GCM with the 32-character APIv3 key, a 12-character nonce used as the IV bytes. */
export function aesGcmEncrypt(plaintext: string, apiV3Key: string, associatedData: string, nonce = randomString(12)): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: ciphertext.toString('base64'), associated_data: associatedData, nonce };
}

export function aesGcmDecrypt(resource: Pick<EncryptedResource, 'ciphertext' | 'associated_data' | 'nonce'>, apiV3Key: string): string {
  const bytes = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - GCM_TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** A nonce like the ones WeChat Pay sends: 32 upper-case alphanumerics. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** Unix seconds, as a string, of the real wall clock (signature timestamps never follow the simulator clock's offset). */
export function unixSeconds(now = Date.now()): string {
  return String(Math.floor(now / 1000));
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** RFC 3339 in Beijing time, as WeChat Pay writes every time field: `2025-06-01T09:30:00+08:00`. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `yyyyMMddHHmmss` in Beijing time (inside prepay ids). */
export function beijingCompact(ms: number): string {
  return beijingTime(ms).slice(0, 19).replace(/\D/g, '');
}

/** RFC 3339 with an offset (what `time_expire` must be), or undefined. */
export function parseRfc3339(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
