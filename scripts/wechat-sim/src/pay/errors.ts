import { jsonReply, ReplyError, type Reply } from '../http/reply.js';

/** WeChat Pay v3's error codes with their HTTP status and default message (from its API reference). */
export const PAY_ERRORS = {
  PARAM_ERROR: [400, '参数错误'],
  INVALID_REQUEST: [400, '无效请求'],
  APPID_MCHID_NOT_MATCH: [400, 'AppID和mch_id不匹配'],
  MCH_NOT_EXISTS: [400, '商户号不存在'],
  ORDERPAID: [400, '该订单已支付'],
  ORDER_CLOSED: [400, '订单已关闭'],
  SIGN_ERROR: [401, '错误的签名，验签失败'],
  NO_AUTH: [403, '商户无权限'],
  OUT_TRADE_NO_USED: [403, '商户订单号重复'],
  NOT_ENOUGH: [403, '基本账户余额不足，请充值后重新发起'],
  ORDER_NOT_EXIST: [404, '订单不存在'],
  RESOURCE_NOT_EXISTS: [404, '退款单不存在'],
  FREQUENCY_LIMITED: [429, '频率超限'],
  SYSTEM_ERROR: [500, '系统错误'],
} as const satisfies Record<string, readonly [number, string]>;

export type PayErrorCode = keyof typeof PAY_ERRORS;

/** The `detail` of a PARAM_ERROR: where the bad value sits. */
export interface PayErrorDetail {
  location: 'body' | 'query' | 'path' | 'header';
  field?: string;
  value?: unknown;
  issue?: string;
}

/** `{code, message, detail?}` with the code's HTTP status, as WeChat Pay answers errors. */
export function payErrorReply(code: PayErrorCode, message?: string, detail?: PayErrorDetail): Reply {
  const [status, defaultMessage] = PAY_ERRORS[code];
  return { ...jsonReply(status, { code, message: message ?? defaultMessage, ...(detail && { detail }) }), code };
}

/** Thrown anywhere in a /v3 handler; the wrapper answers it. */
export function payError(code: PayErrorCode, message?: string, detail?: PayErrorDetail): ReplyError {
  return new ReplyError(payErrorReply(code, message, detail));
}

/** PARAM_ERROR in WeChat Pay's words: `输入源“/body/amount/total”映射到值字段“总金额”…`. */
export function paramError(pointer: string, label: string, problem: string, value?: unknown): ReplyError {
  const [location] = pointer.split('/').filter(Boolean) as [PayErrorDetail['location']];
  return payError('PARAM_ERROR', `输入源“${pointer}”映射到值字段“${label}”${problem}`, {
    location,
    field: pointer.split('/').slice(2).join('.'),
    ...(value !== undefined && { value }),
    issue: problem,
  });
}
