import { checkText, MAX_CONTENT_CHARS, verdictDetail } from '../content-security.js';
import type { Reply } from '../http/reply.js';
import { newTraceId } from '../ids.js';
import type { SimState } from '../state.js';
import type { JsonObject } from '../validation.js';
import { wxError, wxJsonBody, wxReply } from '../wx.js';
import type { Surface } from './surface.js';
import { withAccessToken } from './token.js';

const SCENES = [1, 2, 3, 4]; // 1 profile, 2 comment, 3 forum, 4 social log

/** The `/wxa/` mini-program APIs. */
export const wxaRoutes: Surface = (router, { state }) => {
  router.post(
    '/wxa/business/getuserphonenumber',
    withAccessToken(state, (req, appid) => {
      const { code } = wxJsonBody(req);
      if (typeof code !== 'string' || !code) return wxError(47001);
      const grant = state.phoneCodes.find(code, appid);
      const user = grant && state.users.get(grant.openid);
      if (!user?.phone) return wxError(40029);
      state.phoneCodes.consume(code);

      const phoneNumber = user.countryCode === '86' ? user.phone : `+${user.countryCode} ${user.phone}`;
      return wxReply({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber,
          purePhoneNumber: user.phone,
          countryCode: user.countryCode,
          watermark: { timestamp: Math.floor(state.clock.now() / 1000), appid },
        },
      });
    }),
  );

  router.post(
    '/wxa/msg_sec_check',
    withAccessToken(state, (req) => {
      const body = wxJsonBody(req);
      const version = body.version ?? 1;
      if (version === 1 || version === '1') return msgSecCheckV1(body);
      if (version !== 2 && version !== '2') return wxError(47003, 'argument invalid! version');
      return msgSecCheckV2(state, body);
    }),
  );

  router.post(
    '/wxa/media_check_async',
    withAccessToken(state, (req, appid) => mediaCheckAsync(state, appid, wxJsonBody(req))),
  );
};

const MEDIA_TYPES = [1, 2]; // 1 audio, 2 image
const MAX_MEDIA_URL_CHARS = 2048;

/**
 * Version 2, `{media_url, media_type, version: 2, openid, scene}` → `{errcode: 0, errmsg: "ok", trace_id}`; the
 * verdict comes later as a `wxa_media_check` event on the app's message push (see media-check.ts).
 */
function mediaCheckAsync(state: SimState, appid: string, body: JsonObject): Reply {
  const version = body.version;
  if (version !== 2 && version !== '2') return wxError(47003, 'argument invalid! version');
  const user = typeof body.openid === 'string' ? state.users.get(body.openid) : undefined;
  // As msg_sec_check: only users who have used the app (WeChat asks for a visit within two hours; not modelled).
  if (!user || (user.lastLoginAt === null && user.interactedAt === null)) return wxError(40003);
  const scene = numeric(body.scene);
  if (scene === undefined || !SCENES.includes(scene)) return wxError(47003, 'argument invalid! scene');
  const mediaType = numeric(body.media_type);
  if (mediaType === undefined || !MEDIA_TYPES.includes(mediaType)) return wxError(47003, 'argument invalid! media_type');
  const url = body.media_url;
  if (url === undefined || url === null || url === '') return wxError(47003, 'argument invalid! media_url');
  if (typeof url !== 'string' || url.length > MAX_MEDIA_URL_CHARS || !isHttpUrl(url)) return wxError(47003, 'argument invalid! media_url');

  const check = state.mediaChecks.request({ traceId: newTraceId(), appid, openid: user.openid, scene, mediaType, mediaUrl: url });
  return wxReply({ errcode: 0, errmsg: 'ok', trace_id: check.traceId });
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Version 2: `{version: 2, openid, scene, content, title?, nickname?, signature?}` → a verdict in `result` and `detail`. */
function msgSecCheckV2(state: SimState, body: JsonObject): Reply {
  const user = typeof body.openid === 'string' ? state.users.get(body.openid) : undefined;
  // WeChat checks only users who have used the app: a login (jscode2session) or a message to it.
  if (!user || (user.lastLoginAt === null && user.interactedAt === null)) return wxError(40003);
  const scene = typeof body.scene === 'string' && /^\d+$/.test(body.scene) ? Number(body.scene) : body.scene;
  if (typeof scene !== 'number' || !SCENES.includes(scene)) return wxError(47003, 'argument invalid! scene');
  const contentError = checkContent(body.content);
  if (contentError) return contentError;
  const extras: string[] = [];
  for (const field of ['title', 'nickname', 'signature']) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return wxError(47003, `argument invalid! ${field}`);
    extras.push(value);
  }

  const verdict = checkText(body.content as string, ...extras);
  return wxReply({
    errcode: 0,
    errmsg: 'ok',
    result: { suggest: verdict.suggest, label: verdict.label },
    detail: verdictDetail(verdict),
    trace_id: newTraceId(),
  });
}

/** Version 1 (no `version`): `{content}` → 0 ok, or 87014 for risky content; review words pass. */
function msgSecCheckV1(body: JsonObject): Reply {
  const contentError = checkContent(body.content);
  if (contentError) return contentError;
  return checkText(body.content as string).suggest === 'risky' ? wxError(87014) : wxReply({ errcode: 0, errmsg: 'ok' });
}

function checkContent(content: unknown): Reply | undefined {
  if (content === undefined || content === null || content === '') return wxError(44004);
  if (typeof content !== 'string') return wxError(47001);
  if ([...content].length > MAX_CONTENT_CHARS) return wxError(45002);
  return undefined;
}
