import Taro from '@tarojs/taro';
import { wechatSimulatorUrl } from '../services/runtime-config';
import { storage } from '../services/storage';
import { formatFen } from '../utils/money';
import { createH5Platform } from './h5';
import type { Platform } from './types';
import { createWeappPlatform, type WechatApi } from './weapp';

export * from './types';

function create(): Platform {
  if (process.env.TARO_ENV === 'h5') {
    return createH5Platform({
      simulatorUrl: wechatSimulatorUrl,
      storage,
      // Stands in for WeChat's pay sheet: the amount and what it is for; 支付 or 取消.
      confirmPayment: async (sheet) => {
        const { confirm } = await Taro.showModal({
          title: '微信支付（模拟）',
          content: sheet ? `${sheet.description}\n${formatFen(sheet.amount)}` : '确认支付',
          confirmText: '支付',
          cancelText: '取消',
        });
        return confirm;
      },
      // Stands in for WeChat's popup, with its wording: the app asks to send these messages; 允许 or 取消.
      confirmSubscription: async (_templateIds, { kind, titles }) => {
        const { confirm } = await Taro.showModal({
          title: '医伴 申请发送以下消息',
          content: `${titles.join('、')}${kind === 'long_term' ? '（长期）' : ''}（模拟微信订阅弹窗）`,
          confirmText: '允许',
          cancelText: '取消',
        });
        return confirm;
      },
    });
  }
  return createWeappPlatform(Taro as unknown as WechatApi);
}

/** The platform the app runs on, chosen at build time (TARO_ENV). */
export const platform: Platform = create();
