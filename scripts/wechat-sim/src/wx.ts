import type { SimRequest } from './http/router.js';
import { ReplyError, type Reply } from './http/reply.js';
import { isObject, type JsonObject } from './validation.js';

/** WeChat's own messages, so logs and errors read as they would in production. */
const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user, login blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  43108: 'concurrent limit',
  44002: 'empty post data',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45015: 'response out of time limit or subscription is canceled',
  47001: 'data format error',
  47003: 'argument invalid!',
  87014: 'risky content',
};

/** api.weixin.qq.com answers every call, errors included, with HTTP 200 and this content type. */
const WX_JSON_TYPE = 'application/json; encoding=utf-8';

export function errmsgFor(errcode: number): string {
  return ERRMSG[errcode] ?? `simulated error ${errcode}`;
}

export function wxReply(value: JsonObject): Reply {
  const errcode = typeof value.errcode === 'number' && value.errcode !== 0 ? value.errcode : undefined;
  return { status: 200, headers: { 'content-type': WX_JSON_TYPE }, body: JSON.stringify(value), errcode };
}

export function wxError(errcode: number, errmsg = errmsgFor(errcode)): Reply {
  return wxReply({ errcode, errmsg });
}

/** The JSON object body of a POST API; WeChat's 44002 / 47001 when it is empty or not an object. */
export function wxJsonBody(req: SimRequest): JsonObject {
  if (req.rawBody.length === 0) throw new ReplyError(wxError(44002));
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new ReplyError(wxError(47001));
  }
  if (!isObject(body)) throw new ReplyError(wxError(47001));
  return body;
}
