import { jsonReply, ReplyError, type Reply } from '../http/reply.js';
import type { SendLimitConfig } from '../send-limits.js';
import { SUBSCRIBE_RESULTS, type Grant, type SubscribeResult } from '../subscriptions.js';
import { isDefaultTemplate, TEMPLATE_ID, TEMPLATE_KEY, TEMPLATE_KINDS, type SubscribeTemplate, type TemplateKind } from '../templates.js';
import { InvalidInput, isObject, optionalNumber, optionalString, requiredString, type JsonObject } from '../validation.js';
import { body, control, findUser, ok } from './control-util.js';
import { CUSTOM_WINDOW_MS } from './message.js';
import type { Surface } from './surface.js';

/** wx.requestSubscribeMessage takes at most this many template ids per call. */
const MAX_TEMPLATES_PER_REQUEST = 3;
const MAX_TEMPLATE_KEYS = 20;
const LIMIT_FIELDS = ['sendPerSecond', 'sendPerMinute', 'sendPerDay', 'concurrentHoldMs'] as const;
const MAX_HOLD_MS = 60_000;

/**
 * The control API's messaging side: templates, what users choose in the subscribe popup, users messaging
 * the app, send limits, and the inbox of what users received.
 */
export const messageControlRoutes: Surface = (router, { state }) => {
  router.get(
    '/__sim/templates',
    control(() => ok({ templates: state.templates.list().map(templateView) })),
  );
  router.post(
    '/__sim/templates',
    control((req) => {
      const template = readTemplate(body(req));
      const created = state.templates.put(template);
      return jsonReply(created ? 201 : 200, templateView(template));
    }),
  );

  router.post(
    '/__sim/subscriptions',
    control((req) => {
      const input = body(req);
      const user = findUser(state, requiredString(input, 'openid'));
      const choices = readChoices(input);
      const templates = choices.map(([templateId]) => {
        const template = state.templates.get(templateId);
        if (!template) throw new ReplyError(subscribeFail(20001, `No template data return, verify the template id exist: ${templateId}`));
        return template;
      });
      const given = optionalKind(input);
      const kind = given ?? templates[0]!.kind;
      const other = templates.find((t) => t.kind !== kind);
      if (other && given) throw new InvalidInput(`template ${other.templateId} is ${other.kind}, not ${given}`);
      if (other) throw new InvalidInput('one-time and long-term templates are never asked for in the same popup');

      const now = state.clock.now();
      const answer: JsonObject = { errMsg: 'requestSubscribeMessage:ok' };
      for (const [templateId, result] of choices) {
        state.subscriptions.record(user.openid, templateId, kind, result, now);
        answer[templateId] = result;
      }
      return ok(answer);
    }),
  );
  router.get(
    '/__sim/subscriptions',
    control((req) => {
      const openid = req.query.get('openid') ?? undefined;
      if (openid !== undefined) findUser(state, openid);
      return ok({ grants: state.subscriptions.list(openid).map((grant) => grantView(state.templates.get(grant.templateId), grant)) });
    }),
  );

  router.get(
    '/__sim/messages',
    control((req) => {
      const type = req.query.get('type') ?? undefined;
      if (type !== undefined && type !== 'subscribe' && type !== 'custom') throw new InvalidInput('type must be subscribe or custom');
      return ok(
        state.inbox.query({
          openid: req.query.get('openid') ?? undefined,
          type,
          templateId: req.query.get('templateId') ?? undefined,
          since: queryInteger(req.query, 'since', 0),
          limit: queryInteger(req.query, 'limit', 1),
        }),
      );
    }),
  );

  router.post(
    '/__sim/users/:openid/interacted',
    control((req) => {
      const user = findUser(state, req.params.openid!);
      user.interactedAt = optionalNumber(body(req), 'at', { integer: true }) ?? state.clock.now();
      return ok({ openid: user.openid, interactedAt: user.interactedAt, customServiceUntil: user.interactedAt + CUSTOM_WINDOW_MS });
    }),
  );

  router.get(
    '/__sim/limits',
    control(() => ok(state.sendLimits.get())),
  );
  router.post(
    '/__sim/limits',
    control((req) => ok(state.sendLimits.set(readLimits(body(req))))),
  );
};

/** `{templateIds, result?}` or `{results: {templateId: result}}` → [templateId, result] pairs. */
function readChoices(input: JsonObject): [string, SubscribeResult][] {
  let choices: [string, SubscribeResult][];
  if (input.results !== undefined) {
    if (input.templateIds !== undefined || input.result !== undefined)
      throw new InvalidInput('give templateIds (with an optional result) or results, not both');
    if (!isObject(input.results)) throw new InvalidInput('results must be an object of templateId: "accept" | "reject" | "ban" | "filter"');
    choices = Object.entries(input.results).map(([templateId, result]) => [templateId, readResult(result, `results.${templateId}`)]);
  } else {
    const { templateIds } = input;
    if (!Array.isArray(templateIds) || templateIds.some((id) => typeof id !== 'string' || !id))
      throw new InvalidInput('templateIds must be an array of template ids');
    if (new Set(templateIds).size !== templateIds.length) throw new InvalidInput('templateIds has duplicates');
    const result = input.result === undefined ? 'accept' : readResult(input.result, 'result');
    choices = (templateIds as string[]).map((templateId) => [templateId, result]);
  }
  if (choices.length === 0) throw new InvalidInput('name at least one template');
  if (choices.length > MAX_TEMPLATES_PER_REQUEST) throw new ReplyError(subscribeFail(20003, 'Templates count out of max bounds'));
  return choices;
}

function readResult(value: unknown, field: string): SubscribeResult {
  if (typeof value !== 'string' || !(SUBSCRIBE_RESULTS as readonly string[]).includes(value))
    throw new InvalidInput(`${field} must be one of ${SUBSCRIBE_RESULTS.join(', ')}`);
  return value as SubscribeResult;
}

function optionalKind(input: JsonObject): TemplateKind | undefined {
  const kind = optionalString(input, 'kind');
  if (kind !== undefined && !(TEMPLATE_KINDS as readonly string[]).includes(kind)) throw new InvalidInput('kind must be one_time or long_term');
  return kind as TemplateKind | undefined;
}

/** What wx.requestSubscribeMessage's fail callback receives, with the control API's 400 and error. */
function subscribeFail(errCode: number, message: string): Reply {
  return jsonReply(400, { error: message, errMsg: `requestSubscribeMessage:fail ${message}`, errCode });
}

function readTemplate(input: JsonObject): SubscribeTemplate {
  const templateId = requiredString(input, 'templateId');
  if (!TEMPLATE_ID.test(templateId)) throw new InvalidInput(`templateId must match ${TEMPLATE_ID}`);
  const kind = optionalKind(input);
  if (!kind) throw new InvalidInput('kind is required: one_time or long_term');
  const title = requiredString(input, 'title');
  const { keys } = input;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_TEMPLATE_KEYS || keys.some((key) => typeof key !== 'string' || !TEMPLATE_KEY.test(key))) {
    throw new InvalidInput(`keys must be 1 to ${MAX_TEMPLATE_KEYS} keywords like "thing1", "time2", "character_string3"`);
  }
  if (new Set(keys).size !== keys.length) throw new InvalidInput('keys has duplicates');
  return { templateId, kind, title, keys: keys as string[] };
}

function readLimits(input: JsonObject): Partial<SendLimitConfig> {
  const unknown = Object.keys(input).filter((field) => !(LIMIT_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) throw new InvalidInput(`unknown fields: ${unknown.join(', ')} (known: ${LIMIT_FIELDS.join(', ')})`);
  const patch: Partial<SendLimitConfig> = {};
  for (const field of ['sendPerSecond', 'sendPerMinute', 'sendPerDay'] as const) {
    if (input[field] === null) patch[field] = null;
    else if (input[field] !== undefined) patch[field] = optionalNumber(input, field, { min: 0, integer: true })!;
  }
  if (input.concurrentHoldMs !== undefined)
    patch.concurrentHoldMs = optionalNumber(input, 'concurrentHoldMs', { min: 0, max: MAX_HOLD_MS, integer: true }) ?? 0;
  if (Object.keys(patch).length === 0) throw new InvalidInput(`give at least one of ${LIMIT_FIELDS.join(', ')} (null turns a limit off)`);
  return patch;
}

function queryInteger(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min) throw new InvalidInput(`${name} must be an integer >= ${min}`);
  return value;
}

function templateView(template: SubscribeTemplate): JsonObject {
  return { ...template, isDefault: isDefaultTemplate(template.templateId) };
}

function grantView(template: SubscribeTemplate | undefined, grant: Grant): JsonObject {
  const kind = template?.kind ?? grant.kind;
  return {
    openid: grant.openid,
    templateId: grant.templateId,
    kind,
    lastResult: grant.lastResult,
    remaining: kind === 'one_time' ? grant.remaining : null,
    active: template !== undefined && (kind === 'long_term' ? grant.longTerm : grant.remaining > 0),
    accepted: grant.accepted,
    sent: grant.sent,
    updatedAt: new Date(grant.updatedAt).toISOString(),
  };
}
