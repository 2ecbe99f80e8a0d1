import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from '../http/reply.js';
import type { CustomMsgType } from '../inbox.js';
import type { SimState } from '../state.js';
import { templateDataProblem, type SubscribeTemplate } from '../templates.js';
import type { SimUser } from '../users.js';
import { isObject, type JsonObject } from '../validation.js';
import { wxError, wxJsonBody, wxReply } from '../wx.js';
import type { Surface } from './surface.js';
import { withAccessToken } from './token.js';

const MINIPROGRAM_STATES = ['formal', 'trial', 'developer'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];
const MAX_PAGE_CHARS = 1024;
/** Customer-service messages may answer a user only this long after the user last messaged the app. */
export const CUSTOM_WINDOW_MS = 48 * 3600_000;

/** POST /cgi-bin/message/subscribe/send and /cgi-bin/message/custom/send: messages to a user's WeChat. */
export const messageRoutes: Surface = (router, { state }) => {
  router.post(
    '/cgi-bin/message/subscribe/send',
    withAccessToken(state, async (req, appid) => {
      const body = wxJsonBody(req);
      const limited = state.sendLimits.hit('subscribe', appid);
      if (limited) return wxError(limited);

      const user = typeof body.touser === 'string' ? state.users.get(body.touser) : undefined;
      if (!user) return wxError(40003);
      const template = typeof body.template_id === 'string' ? state.templates.get(body.template_id) : undefined;
      if (!template) return wxError(40037);
      const page = body.page ?? null;
      if (page !== null && (typeof page !== 'string' || page.length > MAX_PAGE_CHARS)) return wxError(41030);
      const miniprogramState = body.miniprogram_state ?? 'formal';
      if (typeof miniprogramState !== 'string' || !MINIPROGRAM_STATES.includes(miniprogramState)) return wxError(47003, 'argument invalid! miniprogram_state');
      const lang = body.lang ?? 'zh_CN';
      if (typeof lang !== 'string' || !LANGS.includes(lang)) return wxError(47003, 'argument invalid! lang');
      const problem = templateDataProblem(template, body.data);
      if (problem) return wxError(47003, `argument invalid! ${problem}`);

      const send = { user, template, page, data: body.data as JsonObject, miniprogramState, lang, appid };
      const holdMs = state.sendLimits.get().concurrentHoldMs;
      if (holdMs === 0) return deliverSubscribe(state, send);
      if (!state.sendLimits.hold(appid, user.openid)) return wxError(43108);
      try {
        await sleep(holdMs, undefined, { ref: false });
        return deliverSubscribe(state, send);
      } finally {
        state.sendLimits.release(appid, user.openid);
      }
    }),
  );

  router.post(
    '/cgi-bin/message/custom/send',
    withAccessToken(state, (req, appid) => {
      const body = wxJsonBody(req);
      const limited = state.sendLimits.hit('custom', appid);
      if (limited) return wxError(limited);

      const user = typeof body.touser === 'string' ? state.users.get(body.touser) : undefined;
      if (!user) return wxError(40003);
      const msgtype = body.msgtype;
      if (msgtype !== 'text' && msgtype !== 'image' && msgtype !== 'link' && msgtype !== 'miniprogrampage') return wxError(40008);
      const payload = body[msgtype];
      const invalid = customPayloadError(msgtype, payload);
      if (invalid) return invalid;

      const now = state.clock.now();
      if (user.interactedAt === null || now - user.interactedAt > CUSTOM_WINDOW_MS || now < user.interactedAt) return wxError(45015);
      state.inbox.add({
        type: 'custom',
        openid: user.openid,
        appid,
        msgtype,
        [msgtype]: payload as JsonObject,
        time: new Date(now).toISOString(),
        timestamp: now,
      });
      return wxReply({ errcode: 0, errmsg: 'ok' });
    }),
  );
};

interface SubscribeSend {
  user: SimUser;
  template: SubscribeTemplate;
  page: string | null;
  data: JsonObject;
  miniprogramState: string;
  lang: string;
  appid: string;
}

/** The grant decides: used up (one-time) or kept (long-term) by a successful send; none → 43101. */
function deliverSubscribe(state: SimState, send: SubscribeSend): Reply {
  const { user, template } = send;
  if (!state.subscriptions.allows(user.openid, template.templateId, template.kind)) return wxError(43101);
  const now = state.clock.now();
  state.subscriptions.use(user.openid, template.templateId, template.kind, now);
  const msgid = state.inbox.nextMsgid(now);
  state.inbox.add({
    type: 'subscribe',
    openid: user.openid,
    appid: send.appid,
    msgid,
    template_id: template.templateId,
    page: send.page,
    data: send.data,
    miniprogram_state: send.miniprogramState,
    lang: send.lang,
    time: new Date(now).toISOString(),
    timestamp: now,
  });
  return wxReply({ errcode: 0, errmsg: 'ok', msgid });
}

/** WeChat's answer to a malformed message payload, or undefined when it is fine. */
function customPayloadError(msgtype: CustomMsgType, payload: unknown): Reply | undefined {
  if (!isObject(payload)) return msgtype === 'text' ? wxError(44004) : wxError(47003, `argument invalid! ${msgtype} missing`);
  const missing = (fields: string[]) => fields.find((field) => typeof payload[field] !== 'string' || payload[field] === '');
  switch (msgtype) {
    case 'text':
      return typeof payload.content === 'string' && payload.content !== '' ? undefined : wxError(44004);
    case 'image':
      return typeof payload.media_id === 'string' && payload.media_id !== '' ? undefined : wxError(47003, 'argument invalid! image.media_id');
    case 'link': {
      const field = missing(['title', 'url']);
      return field ? wxError(47003, `argument invalid! link.${field}`) : undefined;
    }
    case 'miniprogrampage': {
      const field = missing(['title', 'pagepath', 'thumb_media_id']);
      return field ? wxError(47003, `argument invalid! miniprogrampage.${field}`) : undefined;
    }
  }
}
