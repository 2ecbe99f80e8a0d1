import { jsonReply, ReplyError } from '../http/reply.js';
import { parseFaultRule } from '../faults.js';
import type { SimState } from '../state.js';
import type { SimUser, UserInput } from '../users.js';
import { InvalidInput, optionalBoolean, optionalNumber, optionalString, requiredString, type JsonObject } from '../validation.js';
import { body, control, findUser, notFound, ok } from './control-util.js';
import type { Surface } from './surface.js';

const PHONE = /^\d{5,15}$/;
const COUNTRY_CODE = /^\d{1,4}$/;

/**
 * The simulator's control API under /__sim/: what tests, the demo and the H5 build use to play the
 * WeChat user's side and to bend WeChat's behaviour (faults, time).
 */
export const controlRoutes: Surface = (router, { state, keys }) => {
  router.get(
    '/__sim/health',
    control(() => ok({ ok: true, appids: state.apps.list().map((app) => app.appid), mchid: keys.mchid })),
  );

  router.post(
    '/__sim/reset',
    control(() => {
      state.reset();
      return ok({ ok: true });
    }),
  );

  router.post(
    '/__sim/users',
    control((req) => jsonReply(201, userView(state.users.create(readUserInput(body(req)), state.clock.now())))),
  );
  router.get(
    '/__sim/users',
    control(() => ok({ users: state.users.list().map(userView) })),
  );
  router.get(
    '/__sim/users/:openid',
    control((req) => ok(userView(findUser(state, req.params.openid!)))),
  );
  router.patch(
    '/__sim/users/:openid',
    control((req) => {
      const user = findUser(state, req.params.openid!);
      return ok(userView(state.users.update(user.openid, readUserInput(body(req)))!));
    }),
  );

  router.post(
    '/__sim/login-code',
    control((req) => {
      const input = body(req);
      const appid = readAppid(state, input);
      const openid = optionalString(input, 'openid');
      const user = openid === undefined ? state.users.create({}, state.clock.now()) : findUser(state, openid);
      return ok({ code: state.loginCodes.issue(user.openid, appid).code, openid: user.openid });
    }),
  );

  router.post(
    '/__sim/phone-code',
    control((req) => {
      const input = body(req);
      const appid = readAppid(state, input);
      const user = findUser(state, requiredString(input, 'openid'));
      const phone = optionalString(input, 'phone', PHONE);
      if (phone !== undefined) state.users.update(user.openid, { phone });
      if (!user.phone) throw new ReplyError(jsonReply(409, { error: `user ${user.openid} has no phone number; pass {openid, phone}` }));
      return ok({ code: state.phoneCodes.issue(user.openid, appid).code });
    }),
  );

  router.post(
    '/__sim/faults',
    control((req) => {
      const { rules } = body(req);
      if (!Array.isArray(rules) || rules.length === 0) throw new InvalidInput('rules must be a non-empty array');
      return jsonReply(201, { rules: state.faults.add(rules.map(parseFaultRule)) });
    }),
  );
  router.get(
    '/__sim/faults',
    control(() => ok({ rules: state.faults.list() })),
  );
  router.delete(
    '/__sim/faults',
    control(() => ok({ cleared: state.faults.clear() })),
  );
  router.delete(
    '/__sim/faults/:id',
    control((req) => (state.faults.remove(req.params.id!) ? ok({ removed: req.params.id }) : notFound(`no fault rule ${req.params.id}`))),
  );

  router.post(
    '/__sim/tokens/expire',
    control((req) => {
      const appid = optionalString(body(req), 'appid');
      return ok({ expired: state.tokens.expireAll(appid) });
    }),
  );

  router.get(
    '/__sim/time',
    control(() => ok(state.clock.snapshot())),
  );
  router.post(
    '/__sim/time',
    control((req) => {
      const input = body(req);
      const offsetMs = optionalNumber(input, 'offsetMs');
      const advanceMs = optionalNumber(input, 'advanceMs');
      const notifyTimeScale = optionalNumber(input, 'notifyTimeScale', { max: 1000 });
      if (offsetMs !== undefined && advanceMs !== undefined) throw new InvalidInput('give offsetMs or advanceMs, not both');
      if (offsetMs === undefined && advanceMs === undefined && notifyTimeScale === undefined) {
        throw new InvalidInput('give offsetMs, advanceMs or notifyTimeScale');
      }
      if (notifyTimeScale !== undefined && notifyTimeScale <= 0) throw new InvalidInput('notifyTimeScale must be above 0');
      if (offsetMs !== undefined) state.clock.offsetMs = offsetMs;
      if (advanceMs !== undefined) state.clock.advance(advanceMs);
      if (notifyTimeScale !== undefined) state.clock.notifyTimeScale = notifyTimeScale;
      // Media checks waiting for their verdict by the simulator clock are due now if it moved past them.
      state.mediaChecks.fireDue();
      return ok(state.clock.snapshot());
    }),
  );

  router.get(
    '/__sim/log',
    control((req) => {
      const limit = Number(req.query.get('limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1) throw new InvalidInput('limit must be a positive integer');
      return ok({ calls: state.log.recent(limit) });
    }),
  );
};

function readAppid(state: SimState, input: JsonObject): string {
  const appid = optionalString(input, 'appid') ?? state.apps.primary.appid;
  if (!state.apps.has(appid)) throw new InvalidInput(`unknown appid ${appid}`);
  return appid;
}

function readUserInput(input: JsonObject): UserInput {
  return {
    nickname: optionalString(input, 'nickname'),
    phone: optionalString(input, 'phone', PHONE),
    countryCode: optionalString(input, 'countryCode', COUNTRY_CODE),
    risky: optionalBoolean(input, 'risky'),
  };
}

function userView(user: SimUser): JsonObject {
  const { openid, unionid, nickname, phone, countryCode, risky, sessionKey, lastLoginAt, interactedAt } = user;
  return { openid, unionid, nickname, phone, countryCode, risky, sessionKey, lastLoginAt, interactedAt };
}
