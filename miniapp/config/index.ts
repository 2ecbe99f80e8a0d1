import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { buildEnv } from './env';

const sharedSrc = path.resolve(__dirname, '../../shared/src');

// One design width (375, NutUI's) for every file. The mini-program turns px into rpx (1px = 2rpx); the H5 build
// keeps plain px (pxtransform off) so the staff console on a desktop is not scaled up like a stretched phone.
export default defineConfig<'webpack5'>(() => {
  const env = buildEnv();
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'yiban-miniapp',
    date: '2026-11-22',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    plugins: [path.resolve(__dirname, 'plugins/project-config.ts')],
    defineConstants: {
      YIBAN_API_BASE: JSON.stringify(env.apiBase),
      YIBAN_WECHAT_SIM_URL: JSON.stringify(env.wechatSimUrl),
      YIBAN_BUILD_MODE: JSON.stringify(process.env.NODE_ENV === 'production' ? 'production' : 'development'),
    },
    alias: {
      '@yiban/shared': path.join(sharedSrc, 'index.ts'),
      '@': path.resolve(__dirname, '../src'),
    },
    copy: {
      // H5: a default runtime-config.js beside index.html (the server may hand out its own; see scripts/serve-h5.mjs).
      patterns: process.env.TARO_ENV === 'h5' ? [{ from: 'src/runtime-config.js', to: 'dist/h5/runtime-config.js' }] : [],
      options: {},
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      webpackChain(chain) {
        // shared/ is NodeNext ESM: its relative imports end in .js but the files are .ts.
        chain.resolve.set('extensionAlias', { '.js': ['.ts', '.js'] });
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        chain.resolve.set('extensionAlias', { '.js': ['.ts', '.js'] });
      },
    },
  };
  return config;
});
