import { jsonReply } from '../http/reply.js';
import { readSuggest, type MediaCheckRecord } from '../media-check.js';
import type { SimState } from '../state.js';
import { InvalidInput, optionalNumber, optionalString, requiredString, type JsonObject } from '../validation.js';
import { body, control, notFound, ok } from './control-util.js';
import type { Surface } from './surface.js';

/** WeChat's rule for the message-push Token: 3–32 letters or digits. */
const PUSH_TOKEN = /^[A-Za-z0-9]{3,32}$/;

/**
 * The control API for the message push (each app's URL and token, the events pushed) and media_check_async
 * (requests seen, verdict rules, the delay before a verdict, releasing a held verdict).
 */
export const mediaControlRoutes: Surface = (router, { state }) => {
  router.get(
    '/__sim/message-push',
    control(() => ok({ configs: state.push.listConfigs() })),
  );
  router.post(
    '/__sim/message-push',
    control((req) => {
      const input = body(req);
      const appid = readAppid(state, input);
      const url = requiredString(input, 'url');
      if (!/^https?:\/\/[^/]+/.test(url) || !URL.canParse(url)) throw new InvalidInput('url must be an absolute http(s) URL');
      const token = requiredString(input, 'token');
      if (!PUSH_TOKEN.test(token)) throw new InvalidInput('token must be 3–32 letters or digits (WeChat’s rule)');
      return ok(state.push.configure({ appid, url, token }));
    }),
  );
  router.delete(
    '/__sim/message-push/:appid',
    control((req) => (state.push.unconfigure(req.params.appid!) ? ok({ removed: req.params.appid }) : notFound(`no message push for ${req.params.appid}`))),
  );
  router.post(
    '/__sim/message-push/verify',
    control(async (req) => {
      const appid = readAppid(state, body(req));
      if (!state.push.config(appid)) return notFound(`no message push URL configured for ${appid}`);
      return ok(await state.push.verifyUrl(appid));
    }),
  );

  router.get(
    '/__sim/pushes',
    control((req) => {
      const event = req.query.get('event') ?? undefined;
      const appid = req.query.get('appid') ?? undefined;
      return ok({ pushes: state.push.list({ event, appid }) });
    }),
  );
  router.post(
    '/__sim/pushes/:seq/resend',
    control((req) => {
      const record = state.push.list().find((p) => String(p.seq) === req.params.seq);
      if (!record) return notFound(`no push ${req.params.seq}`);
      return jsonReply(201, state.push.send(record.appid, record.body));
    }),
  );

  router.get(
    '/__sim/media-checks/settings',
    control(() => ok(state.mediaChecks.settings)),
  );
  router.post(
    '/__sim/media-checks/settings',
    control((req) => {
      const input = body(req);
      const unknown = Object.keys(input).filter((field) => field !== 'delayMs');
      if (unknown.length) throw new InvalidInput(`unknown fields: ${unknown.join(', ')} (known: delayMs)`);
      if (!('delayMs' in input)) throw new InvalidInput('delayMs (ms of simulator time, or null to hold verdicts) is required');
      state.mediaChecks.settings.delayMs = input.delayMs === null ? null : optionalNumber(input, 'delayMs', { min: 0, max: 86_400_000, integer: true })!;
      return ok(state.mediaChecks.settings);
    }),
  );

  router.get(
    '/__sim/media-checks/rules',
    control(() => ok({ rules: state.mediaChecks.listRules() })),
  );
  router.post(
    '/__sim/media-checks/rules',
    control((req) => {
      const { rules } = body(req);
      if (!Array.isArray(rules) || rules.length === 0) throw new InvalidInput('rules must be a non-empty array');
      return jsonReply(201, { rules: state.mediaChecks.addRules(rules) });
    }),
  );
  router.delete(
    '/__sim/media-checks/rules',
    control(() => ok({ cleared: state.mediaChecks.clearRules() })),
  );

  router.get(
    '/__sim/media-checks',
    control((req) => {
      const openid = req.query.get('openid') ?? undefined;
      const checkState = req.query.get('state') ?? undefined;
      return ok({ checks: state.mediaChecks.list({ openid, state: checkState }).map(checkView) });
    }),
  );
  router.get(
    '/__sim/media-checks/:traceId',
    control((req) => {
      const check = state.mediaChecks.get(req.params.traceId!);
      return check ? ok(checkView(check)) : notFound(`no media check ${req.params.traceId}`);
    }),
  );
  router.post(
    '/__sim/media-checks/:traceId/push',
    control(async (req) => {
      const check = state.mediaChecks.get(req.params.traceId!);
      if (!check) return notFound(`no media check ${req.params.traceId}`);
      if (check.state !== 'pending') return jsonReply(409, { error: `media check ${check.traceId} already ${check.state}` });
      const input = body(req);
      const forced =
        input.suggest === undefined ? undefined : { suggest: readSuggest(input), label: optionalNumber(input, 'label', { min: 0, integer: true }) };
      return ok(checkView(await state.mediaChecks.complete(check, forced)));
    }),
  );
};

function readAppid(state: SimState, input: JsonObject): string {
  const appid = optionalString(input, 'appid') ?? state.apps.primary.appid;
  if (!state.apps.has(appid)) throw new InvalidInput(`unknown appid ${appid}`);
  return appid;
}

function checkView(check: MediaCheckRecord): JsonObject {
  const { push, ...rest } = check;
  return { ...rest, push: push && { seq: push.seq, url: push.url, delivered: push.delivered, gaveUp: push.gaveUp, attempts: push.attempts } };
}
