import type { HttpTransport, UploadFile, UploadTransport } from '../services/http';

/** What wx.requestPayment needs; the server's order answer carries exactly these. */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  /** "prepay_id=…" */
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What the pay sheet tells the payer: the amount in fen and what it is for. */
export interface PaySheet {
  amount: number;
  description: string;
}

export type PaymentOutcome = { status: 'paid' } | { status: 'cancelled' } | { status: 'failed'; message: string };

export type SubscriptionChoice = 'accept' | 'reject' | 'ban' | 'filter';
export type SubscriptionKind = 'one_time' | 'long_term';

export interface SocketConnection {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onOpen(listener: () => void): void;
  onMessage(listener: (data: string) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  onError(listener: (message: string) => void): void;
}

/** Where the phone-number code comes from: WeChat's own button, or (H5) the simulator standing in for it. */
export type PhoneNumberSource = 'wechat-button' | 'simulator';

/** A platform failure the user can act on. */
export class PlatformError extends Error {
  constructor(
    readonly code:
      | 'LOGIN_FAILED'
      | 'PHONE_DENIED'
      | 'PHONE_UNAVAILABLE'
      | 'UNSUPPORTED'
      | 'SIMULATOR_UNREACHABLE'
      /** The user switched subscribe messages off for this mini-program in WeChat (errCode 20004). */
      | 'SUBSCRIBE_OFF'
      /** The subscribe popup could not be shown (not from a tap, bad template id, too many ids, …). */
      | 'SUBSCRIBE_FAILED',
    message: string,
    /** WeChat's errCode, when it gave one. */
    readonly errCode?: number,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/**
 * The device side of WeChat, behind one interface: the real wx.* APIs in the mini-program, and in the
 * browser the WeChat simulator's control API, so a patient's whole journey also runs in H5.
 */
export interface Platform {
  readonly kind: 'weapp' | 'h5';
  /** wx.login: a one-use code for POST /auth/wechat/login. */
  login(): Promise<string>;
  readonly phoneNumberSource: PhoneNumberSource;
  /**
   * The one-use code for POST /me/phone. In WeChat it comes from the phone-number button's event
   * (pass `event.detail`); in H5 the simulator issues it, optionally for a number the user typed.
   */
  phoneNumberCode(input: { detail?: { code?: string; errMsg?: string }; phone?: string }): Promise<string>;
  /** The number the simulated WeChat user has (H5), to pre-fill the stand-in prompt; null in WeChat. */
  simulatedPhone(): Promise<string | null>;
  /**
   * wx.requestPayment with the parameters the server signed. `sheet` is what WeChat's pay sheet shows (it reads it
   * from the order itself); the H5 stand-in shows it.
   */
  requestPayment(params: PaymentParams, sheet?: PaySheet): Promise<PaymentOutcome>;
  /**
   * wx.requestSubscribeMessage: only from a tap or a payment callback, called before anything else is awaited;
   * at most 3 templates of one kind. Answers WeChat's choice per template id it answered for (`errMsg` dropped,
   * `acceptWithAudio`/`acceptWithAlert` as `accept`). Fails with SUBSCRIBE_OFF or SUBSCRIBE_FAILED.
   */
  requestSubscribeMessage(templateIds: string[], kind: SubscriptionKind): Promise<Record<string, SubscriptionChoice>>;
  connectSocket(url: string, protocols?: string[]): SocketConnection;
  /** Whether the device has a camera scanner (wx.scanCode); the browser types codes instead. */
  readonly canScanCode: boolean;
  /** wx.scanCode for a QR code: its text, or null when the user closed the scanner. */
  scanCode(): Promise<string | null>;
  /** The HTTP exchange the request module runs on. */
  readonly transport: HttpTransport;
  /** multipart/form-data uploads (wx.uploadFile; fetch + FormData in the browser). */
  readonly uploadFile: UploadTransport;
  /** One picture from the album or the camera (wx.chooseMedia; a file input in the browser); null when the user backed out. */
  chooseImage(): Promise<UploadFile | null>;
}
