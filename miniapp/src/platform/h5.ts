import { fetchTransport, fetchUploadTransport, imageTypeFromName, type HttpTransport, type UploadFile } from '../services/http';
import { resultsFrom } from '../services/subscribe-flow';
import {
  PlatformError,
  type PaymentOutcome,
  type PaySheet,
  type Platform,
  type SocketConnection,
  type SubscriptionChoice,
  type SubscriptionKind,
} from './types';

export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface H5PlatformOptions {
  /** The WeChat simulator (its control API plays the WeChat user's side). */
  simulatorUrl: () => string;
  storage: KeyValueStorage;
  fetch?: typeof fetch;
  /** Stands in for WeChat's pay sheet: true = pay, false = the payer closed it. */
  confirmPayment?: (sheet: PaySheet | undefined) => Promise<boolean>;
  /** Asks the user, in place of WeChat's subscription popup (titles as WeChat shows them); true = allow. */
  confirmSubscription?: (templateIds: string[], popup: { kind: SubscriptionKind; titles: string[] }) => Promise<boolean>;
  WebSocket?: typeof WebSocket;
  /** Opens the browser's file picker for one image (a hidden file input); injectable for tests. */
  pickFile?: (accept: string) => Promise<File | null>;
}

/** A hidden <input type=file>: resolves with the chosen file, or null when the picker is closed without one. */
function pickWithInput(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    let settled = false;
    const done = (file: File | null) => {
      if (settled) return;
      settled = true;
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.appendChild(input);
    input.click();
  });
}

/** The browser remembers which simulated WeChat user it is, as a phone stays signed in to one WeChat account. */
export const SIM_OPENID_KEY = 'yiban.sim.openid';

/**
 * The same journey in a browser: there is no WeChat client, so the simulator's control API hands out what
 * WeChat would (login code, phone-number code), records subscription choices, and takes payments.
 */
export function createH5Platform(options: H5PlatformOptions): Platform {
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function sim<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetchImpl(`${options.simulatorUrl().replace(/\/+$/, '')}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new PlatformError('SIMULATOR_UNREACHABLE', error instanceof Error ? error.message : String(error));
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  function errorText(body: unknown): string {
    return body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : 'simulator error';
  }

  async function openid(): Promise<string> {
    const known = options.storage.get(SIM_OPENID_KEY);
    if (known) return known;
    await login();
    const created = options.storage.get(SIM_OPENID_KEY);
    if (!created) throw new PlatformError('LOGIN_FAILED', 'no simulated WeChat user');
    return created;
  }

  async function login(): Promise<string> {
    const known = options.storage.get(SIM_OPENID_KEY);
    let res = await sim<{ code: string; openid: string; error?: string }>('POST', '/__sim/login-code', known ? { openid: known } : {});
    // The simulator forgot the user (restarted or reset): become a new WeChat user, as after reinstalling.
    if (res.status === 404 && known) res = await sim('POST', '/__sim/login-code', {});
    if (res.status !== 200 && res.status !== 201) throw new PlatformError('LOGIN_FAILED', errorText(res.body));
    options.storage.set(SIM_OPENID_KEY, res.body.openid);
    return res.body.code;
  }

  const transport: HttpTransport = fetchTransport(fetchImpl);

  return {
    kind: 'h5',
    phoneNumberSource: 'simulator',
    transport,
    uploadFile: fetchUploadTransport(fetchImpl),
    login,

    async chooseImage(): Promise<UploadFile | null> {
      const file = await (options.pickFile ?? pickWithInput)('image/jpeg,image/png,image/webp');
      if (!file) return null;
      const path = typeof URL !== 'undefined' && URL.createObjectURL ? URL.createObjectURL(file) : '';
      return { path, name: file.name || 'image', type: file.type || imageTypeFromName(file.name), size: file.size, blob: file };
    },

    async phoneNumberCode({ phone }) {
      const res = await sim<{ code: string }>('POST', '/__sim/phone-code', { openid: await openid(), ...(phone ? { phone } : {}) });
      if (res.status === 409) throw new PlatformError('PHONE_UNAVAILABLE', errorText(res.body));
      if (res.status !== 200 && res.status !== 201) throw new PlatformError('PHONE_DENIED', errorText(res.body));
      return res.body.code;
    },

    // No camera scanner in the browser: staff type the code (or a USB scanner types it for them).
    canScanCode: false,
    async scanCode() {
      return null;
    },

    async simulatedPhone() {
      const res = await sim<{ phone: string | null }>('GET', `/__sim/users/${encodeURIComponent(await openid())}`);
      return res.status === 200 ? (res.body.phone ?? null) : null;
    },

    async requestPayment(params, sheet): Promise<PaymentOutcome> {
      const prepayId = params.package.replace(/^prepay_id=/, '');
      const payer = await openid();
      const pays = options.confirmPayment ? await options.confirmPayment(sheet) : true;
      // The simulator plays the sheet: it checks paySign, and on "success" marks the order paid and notifies the server.
      const res = await sim<{ ok?: boolean; errMsg?: string; error?: string }>('POST', '/__sim/pay', {
        openid: payer,
        prepayId,
        paySign: params.paySign,
        timeStamp: params.timeStamp,
        nonceStr: params.nonceStr,
        package: params.package,
        signType: params.signType,
        result: pays ? 'success' : 'cancel',
      });
      const answer = res.body ?? {};
      if ((res.status === 200 || res.status === 201 || res.status === 204) && answer.ok !== false) return { status: 'paid' };
      const message = answer.errMsg ?? errorText(answer);
      if (/cancel/i.test(message)) return { status: 'cancelled' };
      return { status: 'failed', message };
    },

    async requestSubscribeMessage(templateIds, kind) {
      if (templateIds.length === 0) return {};
      if (templateIds.length > 3) throw new PlatformError('SUBSCRIBE_FAILED', 'at most 3 templates per request', 20003);
      const user = await openid();
      // WeChat's popup names each template by its title: the simulator knows them (best effort).
      const listed = await sim<{ templates?: { templateId: string; title: string }[] }>('GET', '/__sim/templates').catch(() => null);
      const titles = templateIds.map((id) => listed?.body?.templates?.find((t) => t.templateId === id)?.title ?? id);
      const allowed = options.confirmSubscription ? await options.confirmSubscription(templateIds, { kind, titles }) : true;
      // The simulator plays the popup: {openid, templateIds, kind, result} → {errMsg: "requestSubscribeMessage:ok", [id]: result}.
      const res = await sim<Record<string, unknown>>('POST', '/__sim/subscriptions', {
        openid: user,
        templateIds,
        kind,
        result: allowed ? 'accept' : 'reject',
      });
      if (res.status !== 200 && res.status !== 201) {
        const errCode = res.body && typeof res.body.errCode === 'number' ? res.body.errCode : undefined;
        const message = res.body && typeof res.body.errMsg === 'string' ? res.body.errMsg : errorText(res.body);
        throw new PlatformError('SUBSCRIBE_FAILED', message, errCode);
      }
      return resultsFrom(templateIds, res.body ?? {}) as Record<string, SubscriptionChoice>;
    },

    connectSocket(url, protocols) {
      const Impl = options.WebSocket ?? WebSocket;
      const socket = new Impl(url, protocols);
      const pending: string[] = [];
      socket.addEventListener('open', () => {
        for (const data of pending.splice(0)) socket.send(data);
      });
      const connection: SocketConnection = {
        send(data) {
          if (socket.readyState === 1) socket.send(data);
          else pending.push(data);
        },
        close: (code, reason) => socket.close(code ?? 1000, reason),
        onOpen: (l) => socket.addEventListener('open', () => l()),
        onMessage: (l) => socket.addEventListener('message', (event) => l(typeof event.data === 'string' ? event.data : String(event.data))),
        onClose: (l) => socket.addEventListener('close', (event) => l(event.code, event.reason)),
        onError: (l) => socket.addEventListener('error', () => l('WebSocket error')),
      };
      return connection;
    },
  };
}
