import { wxError, wxJsonBody, wxReply } from '../wx.js';
import type { Surface } from './surface.js';
import { withAccessToken } from './token.js';

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
};
