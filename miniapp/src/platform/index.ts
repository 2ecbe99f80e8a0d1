import Taro from '@tarojs/taro';
import { wechatSimulatorUrl } from '../services/runtime-config';
import { storage } from '../services/storage';
import { createH5Platform } from './h5';
import type { Platform } from './types';
import { createWeappPlatform, type WechatApi } from './weapp';

export * from './types';

function create(): Platform {
  if (process.env.TARO_ENV === 'h5') {
    return createH5Platform({
      simulatorUrl: wechatSimulatorUrl,
      storage,
      confirmSubscription: async (templateIds) => {
        const { confirm } = await Taro.showModal({
          title: '订阅消息',
          content: `允许医伴发送 ${templateIds.length} 类通知（模拟微信订阅弹窗）`,
        });
        return confirm;
      },
    });
  }
  return createWeappPlatform(Taro as unknown as WechatApi);
}

/** The platform the app runs on, chosen at build time (TARO_ENV). */
export const platform: Platform = create();
