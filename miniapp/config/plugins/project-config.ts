import fs from 'node:fs';
import path from 'node:path';
import { buildEnv } from '../env';

/**
 * Writes project.config.json into the WeChat build, with the appid from the environment
 * (TARO_APP_WECHAT_APPID or WECHAT_APPID), so the folder imports straight into WeChat DevTools.
 */
/** The part of Taro's plugin context this plugin uses. */
interface PluginContext {
  paths: { outputPath: string };
  onBuildFinish(fn: () => void): void;
}

export default (ctx: PluginContext) => {
  ctx.onBuildFinish(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    const outputPath = ctx.paths.outputPath;
    const { appid, apiBase } = buildEnv();
    const projectConfig = {
      description: 'Yiban 医伴 — the hospital beside its patients',
      miniprogramRoot: './',
      projectname: 'yiban-miniapp',
      appid,
      compileType: 'miniprogram',
      libVersion: '3.6.0',
      setting: {
        es6: false,
        enhance: false,
        postcss: false,
        minified: true,
        // A development API on http://127.0.0.1 is not a registered HTTPS domain: let DevTools call it.
        urlCheck: apiBase.startsWith('https://'),
        ignoreUploadUnusedFiles: true,
      },
      condition: {},
    };
    fs.mkdirSync(outputPath, { recursive: true });
    fs.writeFileSync(path.join(outputPath, 'project.config.json'), `${JSON.stringify(projectConfig, null, 2)}\n`);
  });
};
