import type { Handler, SimRequest } from '../http/router.js';
import { jsonReply, type Reply } from '../http/reply.js';
import { authenticate } from '../pay/auth.js';
import { payError } from '../pay/errors.js';
import { isObject, type JsonObject } from '../validation.js';
import type { Surface } from './surface.js';

/**
 * WeChat Pay API v3 (https://api.mch.weixin.qq.com): JSAPI orders, query, close, refunds, platform certificates.
 * Every call is authenticated (401 SIGN_ERROR); every answer is signed (the server's finishReply hook, see
 * simulator.ts), errors included.
 */
export const payRoutes: Surface = (router, { keys, pay }) => {
  /** Authenticates the merchant before the handler runs; the handler's ReplyErrors are WeChat Pay error answers. */
  const v3 =
    (handler: Handler): Handler =>
    (req) => {
      authenticate(req, keys);
      return handler(req);
    };

  router.get(
    '/v3/certificates',
    v3(() => ok(pay.certificates())),
  );

  router.post(
    '/v3/pay/transactions/jsapi',
    v3((req) => ok(pay.createJsapiOrder(payBody(req)))),
  );
  router.get(
    '/v3/pay/transactions/out-trade-no/:outTradeNo',
    v3((req) => ok(pay.queryOrder({ outTradeNo: req.params.outTradeNo! }, req.query.get('mchid')))),
  );
  router.get(
    '/v3/pay/transactions/id/:transactionId',
    v3((req) => ok(pay.queryOrder({ transactionId: req.params.transactionId! }, req.query.get('mchid')))),
  );
  router.post(
    '/v3/pay/transactions/out-trade-no/:outTradeNo/close',
    v3((req) => {
      pay.closeOrder(req.params.outTradeNo!, payBody(req));
      return { status: 204 };
    }),
  );

  router.post(
    '/v3/refund/domestic/refunds',
    v3((req) => ok(pay.createRefund(payBody(req)))),
  );
  router.get(
    '/v3/refund/domestic/refunds/:outRefundNo',
    v3((req) => ok(pay.queryRefund(req.params.outRefundNo!))),
  );
};

function ok(value: JsonObject): Reply {
  return jsonReply(200, value);
}

/** The JSON object body; PARAM_ERROR otherwise. */
function payBody(req: SimRequest): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw payError('PARAM_ERROR', '请求体不是合法的JSON', { location: 'body' });
  }
  if (!isObject(value)) throw payError('PARAM_ERROR', '请求体应为JSON对象', { location: 'body' });
  return value;
}
