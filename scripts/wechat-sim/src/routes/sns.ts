import { newSessionKey } from '../ids.js';
import { wxError, wxReply } from '../wx.js';
import type { Surface } from './surface.js';

/** GET /sns/jscode2session: what the server does with the code from `wx.login`. */
export const snsRoutes: Surface = (router, { state }) => {
  router.get('/sns/jscode2session', ({ query }) => {
    const appid = query.get('appid');
    const secret = query.get('secret');
    const jsCode = query.get('js_code');
    if (!appid) return wxError(41002);
    if (!secret) return wxError(41004);
    const denied = state.apps.verify(appid, secret);
    if (denied) return wxError(denied);
    if (query.get('grant_type') !== 'authorization_code') return wxError(40002);
    if (!jsCode) return wxError(41008);

    const grant = state.loginCodes.find(jsCode, appid);
    const user = grant && state.users.get(grant.openid);
    if (!user) return wxError(40029);
    // Over quota the code is left unused: the caller may retry with it in the next minute.
    if (!state.loginQuota.hit(user.openid)) return wxError(45011);
    state.loginCodes.consume(jsCode);
    if (user.risky) return wxError(40226);

    user.sessionKey = newSessionKey();
    user.lastLoginAt = state.clock.now();
    return wxReply({ openid: user.openid, session_key: user.sessionKey, unionid: user.unionid });
  });
};
