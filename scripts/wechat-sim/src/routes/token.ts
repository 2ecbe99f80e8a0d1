import type { Handler, SimRequest } from '../http/router.js';
import type { Reply } from '../http/reply.js';
import type { SimState } from '../state.js';
import type { AccessTokenRecord } from '../tokens.js';
import { wxError, wxJsonBody, wxReply } from '../wx.js';
import type { Surface } from './surface.js';

/** GET /cgi-bin/token and POST /cgi-bin/stable_token: the app's access token. */
export const tokenRoutes: Surface = (router, { state }) => {
  router.get('/cgi-bin/token', ({ query }) => {
    const appid = query.get('appid') ?? '';
    const denied = credentialsError(state, query.get('grant_type'), appid, query.get('secret'));
    return denied ? wxError(denied) : tokenReply(state, state.tokens.issueBasic(appid));
  });

  router.post('/cgi-bin/stable_token', (req) => {
    const body = wxJsonBody(req);
    const appid = typeof body.appid === 'string' ? body.appid : '';
    const denied = credentialsError(state, body.grant_type, appid, body.secret);
    if (denied) return wxError(denied);
    const token = state.tokens.issueStable(appid, body.force_refresh === true);
    return 'errcode' in token ? wxError(token.errcode) : tokenReply(state, token);
  });
};

/**
 * Wraps an API that takes `?access_token=`, answering as WeChat does when the token is missing (41001),
 * unknown or retired (40001), or expired (42001). The handler receives the token's appid.
 */
export function withAccessToken(state: SimState, handler: (req: SimRequest, appid: string) => Reply | Promise<Reply>): Handler {
  return (req) => {
    const token = req.query.get('access_token');
    if (!token) return wxError(41001);
    const check = state.tokens.check(token);
    return check.ok ? handler(req, check.appid) : wxError(check.errcode);
  };
}

function credentialsError(state: SimState, grantType: unknown, appid: string, secret: unknown): number {
  if (grantType !== 'client_credential') return 40002;
  if (!appid) return 41002;
  if (typeof secret !== 'string' || !secret) return 41004;
  return state.apps.verify(appid, secret);
}

function tokenReply(state: SimState, token: AccessTokenRecord): Reply {
  return wxReply({ access_token: token.value, expires_in: state.tokens.expiresInSeconds(token) });
}
