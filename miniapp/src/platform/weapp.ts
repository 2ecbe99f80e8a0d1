import { imageTypeFromName, lowerCaseHeaders, parseBody, TransportError, type HttpTransport, type UploadTransport } from '../services/http';
import { resultsFrom } from '../services/subscribe-flow';
import {
  PlatformError,
  type PaymentOutcome,
  type PaymentParams,
  type Platform,
  type SocketConnection,
  type SubscriptionChoice,
  type SubscriptionKind,
} from './types';

/** The slice of the wx.* (Taro) API the mini-program uses, so tests can stand in for WeChat. */
export interface WechatApi {
  login(options?: { timeout?: number }): Promise<{ code: string; errMsg?: string }>;
  request(options: {
    url: string;
    method: string;
    header: Record<string, string>;
    data?: unknown;
    timeout: number;
    dataType: string;
    responseType: string;
  }): Promise<{ statusCode: number; data: unknown; header: Record<string, unknown> }>;
  requestPayment(options: PaymentParams): Promise<unknown>;
  requestSubscribeMessage(options: { tmplIds: string[] }): Promise<Record<string, unknown>>;
  connectSocket(options: { url: string; protocols?: string[] }): Promise<WechatSocketTask> | WechatSocketTask;
  scanCode?(options: { onlyFromCamera?: boolean; scanType?: string[] }): Promise<{ result: string }>;
  uploadFile?(options: {
    url: string;
    filePath: string;
    name: string;
    header: Record<string, string>;
    formData?: Record<string, string>;
    timeout: number;
  }): Promise<{ statusCode: number; data: unknown; header?: Record<string, unknown> }>;
  chooseMedia?(options: {
    count: number;
    mediaType: string[];
    sourceType: string[];
    sizeType: string[];
  }): Promise<{ tempFiles: { tempFilePath: string; size: number; fileType?: string }[] }>;
}

export interface WechatSocketTask {
  send(options: { data: string }): void;
  close(options: { code?: number; reason?: string }): void;
  onOpen(listener: () => void): void;
  onMessage(listener: (result: { data: string | ArrayBuffer }) => void): void;
  onClose(listener: (result: { code: number; reason: string }) => void): void;
  onError(listener: (result: { errMsg: string }) => void): void;
}

function errMsg(error: unknown): string {
  if (error && typeof error === 'object' && 'errMsg' in error) return String((error as { errMsg: unknown }).errMsg);
  return error instanceof Error ? error.message : String(error);
}

/** The mini-program inside WeChat: every call is WeChat's own API. */
export function createWeappPlatform(wx: WechatApi): Platform {
  const transport: HttpTransport = async (request) => {
    try {
      const res = await wx.request({
        url: request.url,
        method: request.method,
        header: request.body === undefined ? request.headers : { ...request.headers, 'content-type': 'application/json' },
        data: request.body,
        timeout: request.timeoutMs,
        // Parse ourselves: an error page that is not JSON must not turn into a failed request.
        dataType: 'text',
        responseType: 'text',
      });
      const headers = lowerCaseHeaders(res.header);
      return { status: res.statusCode, headers, body: typeof res.data === 'string' ? parseBody(res.data, headers['content-type']) : res.data };
    } catch (error) {
      const message = errMsg(error);
      throw new TransportError(/timeout/i.test(message) ? 'timeout' : 'network', message);
    }
  };

  const uploadFile: UploadTransport = async (request) => {
    if (!wx.uploadFile) throw new TransportError('network', 'wx.uploadFile is not available');
    try {
      const res = await wx.uploadFile({
        url: request.url,
        filePath: request.file.path,
        name: request.fieldName,
        header: request.headers,
        formData: request.fields,
        timeout: request.timeoutMs,
      });
      const headers = lowerCaseHeaders(res.header);
      return { status: res.statusCode, headers, body: typeof res.data === 'string' ? parseBody(res.data, headers['content-type']) : res.data };
    } catch (error) {
      const message = errMsg(error);
      throw new TransportError(/timeout/i.test(message) ? 'timeout' : 'network', message);
    }
  };

  return {
    kind: 'weapp',
    phoneNumberSource: 'wechat-button',
    transport,
    uploadFile,

    async chooseImage() {
      if (!wx.chooseMedia) throw new PlatformError('UNSUPPORTED', 'wx.chooseMedia is not available');
      try {
        // "compressed": WeChat shrinks camera photos well under the size limit.
        const { tempFiles } = await wx.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
        const file = tempFiles[0];
        if (!file) return null;
        const name = file.tempFilePath.split('/').pop() ?? 'image';
        return { path: file.tempFilePath, name, type: imageTypeFromName(name), size: file.size };
      } catch (error) {
        if (/cancel/i.test(errMsg(error))) return null;
        throw new PlatformError('UNSUPPORTED', errMsg(error));
      }
    },

    async login() {
      try {
        const { code } = await wx.login({ timeout: 10_000 });
        if (!code) throw new Error('wx.login returned no code');
        return code;
      } catch (error) {
        throw new PlatformError('LOGIN_FAILED', errMsg(error));
      }
    },

    async phoneNumberCode({ detail }) {
      // getPhoneNumber:ok carries a one-use code; a refusal is "getPhoneNumber:fail user deny" (or similar).
      if (detail?.code) return detail.code;
      throw new PlatformError('PHONE_DENIED', detail?.errMsg ?? 'getPhoneNumber:fail');
    },

    async simulatedPhone() {
      return null;
    },

    canScanCode: typeof wx.scanCode === 'function',

    async scanCode() {
      if (!wx.scanCode) throw new PlatformError('UNSUPPORTED', 'wx.scanCode is not available');
      try {
        const { result } = await wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
        return result || null;
      } catch (error) {
        if (/cancel/i.test(errMsg(error))) return null;
        throw new PlatformError('UNSUPPORTED', errMsg(error));
      }
    },

    async requestPayment(params): Promise<PaymentOutcome> {
      try {
        await wx.requestPayment(params);
        return { status: 'paid' };
      } catch (error) {
        const message = errMsg(error);
        if (/cancel/i.test(message)) return { status: 'cancelled' };
        return { status: 'failed', message };
      }
    },

    async requestSubscribeMessage(templateIds: string[], _kind: SubscriptionKind) {
      if (templateIds.length === 0) return {};
      if (templateIds.length > 3) throw new PlatformError('SUBSCRIBE_FAILED', 'at most 3 templates per request');
      let answer: Record<string, unknown>;
      try {
        // No await before this line: WeChat opens the popup only inside the tap that asked for it.
        answer = await wx.requestSubscribeMessage({ tmplIds: templateIds });
      } catch (error) {
        const errCode = error && typeof error === 'object' && 'errCode' in error ? Number((error as { errCode: unknown }).errCode) : undefined;
        throw new PlatformError(errCode === 20004 ? 'SUBSCRIBE_OFF' : 'SUBSCRIBE_FAILED', errMsg(error), errCode);
      }
      return resultsFrom(templateIds, answer ?? {}) as Record<string, SubscriptionChoice>;
    },

    connectSocket(url, protocols) {
      const listeners = {
        open: [] as (() => void)[],
        message: [] as ((d: string) => void)[],
        close: [] as ((c: number, r: string) => void)[],
        error: [] as ((m: string) => void)[],
      };
      const pending: string[] = [];
      let task: WechatSocketTask | null = null;
      let opened = false;
      let closed: { code?: number; reason?: string } | null = null;
      const attach = (t: WechatSocketTask) => {
        task = t;
        t.onOpen(() => {
          opened = true;
          listeners.open.forEach((l) => l());
          for (const data of pending.splice(0)) t.send({ data });
        });
        t.onMessage(({ data }) => listeners.message.forEach((l) => l(typeof data === 'string' ? data : new TextDecoder().decode(data))));
        t.onClose(({ code, reason }) => listeners.close.forEach((l) => l(code, reason)));
        t.onError(({ errMsg: message }) => listeners.error.forEach((l) => l(message)));
        if (closed) t.close(closed);
      };
      // Taro returns a Promise of the SocketTask; wx returns the task itself.
      const created = wx.connectSocket({ url, protocols });
      if (created && typeof (created as Promise<WechatSocketTask>).then === 'function') {
        (created as Promise<WechatSocketTask>).then(attach, (error) => listeners.error.forEach((l) => l(errMsg(error))));
      } else attach(created as WechatSocketTask);
      const connection: SocketConnection = {
        send(data) {
          // A SocketTask refuses sends before it opens: queue them until then.
          if (task && opened) task.send({ data });
          else pending.push(data);
        },
        close(code, reason) {
          closed = { code, reason };
          task?.close(closed);
        },
        onOpen: (l) => listeners.open.push(l),
        onMessage: (l) => listeners.message.push(l),
        onClose: (l) => listeners.close.push(l),
        onError: (l) => listeners.error.push(l),
      };
      return connection;
    },
  };
}
