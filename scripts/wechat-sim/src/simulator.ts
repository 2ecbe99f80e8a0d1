import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AppCredentials } from './apps.js';
import { Router } from './http/router.js';
import { createSimServer } from './http/server.js';
import { newAppSecret } from './ids.js';
import { loadOrCreateKeys, type SimKeys } from './keys.js';
import { PayService } from './pay/service.js';
import { signReply } from './pay/signer.js';
import { controlRoutes } from './routes/control.js';
import { mediaControlRoutes } from './routes/control-media.js';
import { messageControlRoutes } from './routes/control-messages.js';
import { messageRoutes } from './routes/message.js';
import { payControlRoutes } from './routes/control-pay.js';
import { payRoutes } from './routes/pay.js';
import { snsRoutes } from './routes/sns.js';
import type { Surface } from './routes/surface.js';
import { tokenRoutes } from './routes/token.js';
import { wxaRoutes } from './routes/wxa.js';
import { SimState } from './state.js';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The mini-programs WeChat knows; default: one app, `DEFAULT_APPID` with a fresh secret. */
  apps?: AppCredentials[];
  /** Folder for the WeChat Pay key material, created once and reused; without it keys live in memory only. */
  keysDir?: string;
  /** Receives one line per call; default: stdout. */
  logger?: (line: string) => void;
  /** No log lines at all (tests). */
  silent?: boolean;
  /** The message-push URL and token of the first app (as set in its admin console); more with POST /__sim/message-push. */
  messagePush?: { url: string; token: string };
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:3900`: WeChat's `https://api.weixin.qq.com` and WeChat Pay's `https://api.mch.weixin.qq.com` become this. */
  url: string;
  port: number;
  apps: AppCredentials[];
  state: SimState;
  keys: SimKeys;
  close(): Promise<void>;
}

export const DEFAULT_APPID = 'wx5f1e0c0d2b3a4c5d';

const SURFACES: readonly Surface[] = [
  tokenRoutes,
  snsRoutes,
  wxaRoutes,
  messageRoutes,
  payRoutes,
  controlRoutes,
  messageControlRoutes,
  payControlRoutes,
  mediaControlRoutes,
];

/** WeChat Pay's API lives under this prefix (on api.mch.weixin.qq.com); its answers are signed. */
const PAY_PREFIX = '/v3/';

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const logger = options.silent ? () => {} : (options.logger ?? ((line: string) => console.log(line)));
  const host = options.host ?? '127.0.0.1';
  const apps = options.apps?.length ? options.apps : [{ appid: DEFAULT_APPID, secret: newAppSecret() }];

  const state = new SimState(apps);
  const keys = await loadOrCreateKeys(options.keysDir, state.apps.primary.appid, logger);
  const pay = new PayService(state, keys);
  const router = new Router();
  for (const surface of SURFACES) surface(router, { state, keys, pay });
  if (options.messagePush) state.push.configure({ appid: state.apps.primary.appid, ...options.messagePush });

  const { server, close: closeServer } = createSimServer({
    router,
    faults: state.faults,
    log: state.log,
    clock: state.clock,
    logger,
    finishReply: (_method, path, reply) => (path.startsWith(PAY_PREFIX) ? signReply(keys, state.pay.settings.mode, reply) : reply),
  });
  const port = await listen(server, options.port ?? 0, host);
  const close = (): Promise<void> => {
    state.pay.scheduler.cancelAll();
    state.mediaChecks.close();
    state.push.scheduler.cancelAll();
    return closeServer();
  };
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, apps: state.apps.list(), state, keys, close };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
