import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URL_SAFE = `${ALNUM}-_`;

export function randomString(length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function randomDigits(length: number): string {
  return randomString(length, '0123456789');
}

// Shapes follow what WeChat hands out, so code that validates lengths or prefixes behaves as in production.
export const newOpenid = (): string => `o${randomString(27, URL_SAFE)}`;
export const newUnionid = (): string => `o${randomString(28, URL_SAFE)}`;
export const newSessionKey = (): string => randomBytes(16).toString('base64');
export const newLoginCode = (): string => randomString(32);
export const newPhoneCode = (): string => randomBytes(32).toString('hex');
export const newAccessToken = (): string => `${randomInt(80, 100)}_${randomString(134, URL_SAFE)}`;
export const newAppSecret = (): string => randomBytes(16).toString('hex');
/** WeChat's request trace ids look like `62987eb8-18ca076c-37fc373b`. */
export const newTraceId = (): string => [0, 1, 2].map(() => randomBytes(4).toString('hex')).join('-');
