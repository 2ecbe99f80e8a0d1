import type { Locale, TokenPair } from '@yiban/shared';
import { ApiRequestError, errorFromResponse, messageFor } from './errors';
import { TransportError, type HttpMethod, type HttpResponse, type HttpTransport, type UploadFile, type UploadTransport } from './http';

/** Where a session's tokens live (storage for the app, memory in tests). */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair): void;
  clear(): void;
}

export interface RetryPolicy {
  /** Extra attempts after the first. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the user is told to try later instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 400, maxDelayMs: 5_000, maxRetryAfterMs: 10_000 };

export interface ApiClientOptions {
  /** The API root, e.g. http://127.0.0.1:3000/api/v1 (read on every call: H5 can be pointed elsewhere at run time). */
  baseUrl: () => string;
  transport: HttpTransport;
  /** multipart/form-data uploads (chat images); absent → `upload()` fails as unsupported. */
  uploader?: UploadTransport;
  tokens: TokenStore;
  locale: () => Locale;
  /** The profile a patient acts for (sent as X-Patient-Id); null for the account holder or for staff. */
  actingPatientId?: () => string | null;
  /**
   * A brand-new session when the refresh token is no longer accepted (a patient signs in again silently
   * with wx.login). Null when that is not possible (staff must type their password).
   */
  reauthenticate?: () => Promise<TokenPair | null>;
  /** The session is gone for good (nothing renewed it): show sign-in. */
  onSessionLost?: () => void;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1): the jitter source, injectable for tests. */
  random?: () => number;
}

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Override the acting profile for this call; null sends none. */
  patientId?: string | null;
  /** Makes a POST safe to repeat after an unknown outcome. */
  idempotencyKey?: string;
  /** Try again on transient failures (default true). */
  retry?: boolean;
  /** Send this file as multipart/form-data (field `fieldName`) instead of a JSON body. */
  upload?: { file: UploadFile; fieldName: string; fields?: Record<string, string> };
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** 401 codes a renewed session can cure; other 401s (bad password, refresh refused) go straight to the caller. */
const RENEWABLE_401 = new Set(['AUTH_TOKEN_EXPIRED', 'AUTH_TOKEN_INVALID', 'AUTH_REQUIRED']);

/**
 * The one way the app talks to the API: attaches the token, the acting profile and the language; renews an
 * expired session once however many calls are waiting for it; keeps a dead session (401) apart from failures
 * worth retrying (network, 429, 5xx), which it retries with capped, jittered exponential backoff honouring
 * Retry-After; and turns every failure into an ApiRequestError whose message is in the user's language.
 */
export class ApiClient {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private renewing: Promise<string | null> | null = null;

  constructor(private readonly options: ApiClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'GET' });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PATCH', body });
  }

  delete<T = void>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'DELETE' });
  }

  /** POSTs one file as multipart/form-data, with the same token, renewal and error handling as every other call. */
  upload<T>(
    path: string,
    file: UploadFile,
    options: Omit<RequestOptions, 'method' | 'body' | 'upload'> & { fieldName?: string; fields?: Record<string, string> } = {},
  ): Promise<T> {
    const { fieldName = 'file', fields, ...rest } = options;
    return this.request<T>(path, { ...rest, method: 'POST', upload: { file, fieldName, fields } });
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const useAuth = options.auth !== false;
    let retries = 0;
    let renewed = false;
    for (;;) {
      let token: string | null = null;
      if (useAuth) {
        token = this.options.tokens.get()?.token ?? null;
        if (!token) {
          token = await this.renewSession(null);
          renewed = true;
          if (!token) throw this.error('AUTH_REQUIRED', 401);
        }
      }

      let response: HttpResponse;
      try {
        if (options.upload) {
          if (!this.options.uploader) throw new TransportError('network', 'uploads are not supported here');
          response = await this.options.uploader({
            url: this.url(path, options.query),
            headers: this.headers(token, options),
            fieldName: options.upload.fieldName,
            file: options.upload.file,
            fields: options.upload.fields,
            // A photo on a slow mobile network takes longer than a JSON call.
            timeoutMs: Math.max(this.timeoutMs, 60_000),
          });
        } else {
          response = await this.options.transport({
            url: this.url(path, options.query),
            method,
            headers: this.headers(token, options),
            body: options.body,
            timeoutMs: this.timeoutMs,
          });
        }
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const code = error.kind === 'timeout' ? 'REQUEST_TIMEOUT' : 'NETWORK_UNREACHABLE';
        // No answer means an unknown outcome: only repeat what is safe to repeat.
        if (this.mayRetry(options, retries) && (IDEMPOTENT.has(method) || options.idempotencyKey)) {
          await this.sleep(this.backoff(retries++));
          continue;
        }
        throw this.error(code, 0);
      }

      if (response.status >= 200 && response.status < 300) return response.body as T;

      const failure = errorFromResponse(response.status, response.body, this.options.locale());
      if (response.status === 401 && useAuth && RENEWABLE_401.has(failure.code)) {
        if (renewed) throw failure;
        renewed = true;
        const fresh = await this.renewSession(token);
        if (fresh) continue;
        throw failure;
      }

      if (this.transientStatus(response.status, method, options) && this.mayRetry(options, retries)) {
        const retryAfter = parseRetryAfter(response.headers['retry-after']);
        if (retryAfter !== null && retryAfter > this.retry.maxRetryAfterMs) throw failure;
        await this.sleep(retryAfter ?? this.backoff(retries));
        retries++;
        continue;
      }
      throw failure;
    }
  }

  /**
   * A valid access token after `staleToken` was refused (null: there was none). Every caller waiting at the
   * same time shares one renewal: refresh first; if the refresh token is refused, a new session through
   * `reauthenticate`; if neither works, the session is cleared and `onSessionLost` runs once.
   */
  renewSession(staleToken: string | null): Promise<string | null> {
    const current = this.options.tokens.get();
    if (staleToken && current && current.token !== staleToken) return Promise.resolve(current.token);
    if (!this.renewing) {
      this.renewing = this.doRenew().finally(() => {
        this.renewing = null;
      });
    }
    return this.renewing;
  }

  private async doRenew(): Promise<string | null> {
    const current = this.options.tokens.get();
    if (current?.refreshToken && Date.parse(current.refreshExpiresAt) > Date.now()) {
      let response: HttpResponse;
      try {
        // Not retried: the server rotates on use, so a repeat after a lost answer would look like token theft.
        response = await this.options.transport({
          url: this.url('/auth/refresh'),
          method: 'POST',
          headers: this.headers(null, { patientId: null }),
          body: { refreshToken: current.refreshToken },
          timeoutMs: this.timeoutMs,
        });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        throw this.error(error.kind === 'timeout' ? 'REQUEST_TIMEOUT' : 'NETWORK_UNREACHABLE', 0);
      }
      if (response.status === 200) {
        const pair = response.body as TokenPair;
        this.options.tokens.set(pair);
        return pair.token;
      }
      if (response.status !== 401) throw errorFromResponse(response.status, response.body, this.options.locale());
    }
    if (this.options.reauthenticate) {
      const pair = await this.options.reauthenticate();
      if (pair) {
        this.options.tokens.set(pair);
        return pair.token;
      }
    }
    this.options.tokens.clear();
    this.options.onSessionLost?.();
    return null;
  }

  private headers(token: string | null, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.options.locale() };
    if (token) headers.authorization = `Bearer ${token}`;
    const patientId = options.patientId === undefined ? (this.options.actingPatientId?.() ?? null) : options.patientId;
    if (token && patientId) headers['x-patient-id'] = patientId;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    return headers;
  }

  private url(path: string, query?: RequestOptions['query']): string {
    const base = this.options.baseUrl().replace(/\/+$/, '');
    const params = Object.entries(query ?? {})
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    return `${base}${path.startsWith('/') ? path : `/${path}`}${params.length ? `?${params.join('&')}` : ''}`;
  }

  private mayRetry(options: RequestOptions, retries: number): boolean {
    return options.retry !== false && retries < this.retry.maxRetries;
  }

  /** 429 and 503 mean the server did not do the work: safe to repeat for any method. Other 5xx only when idempotent. */
  private transientStatus(status: number, method: HttpMethod, options: RequestOptions): boolean {
    if (status === 429 || status === 503) return true;
    if (status >= 500) return IDEMPOTENT.has(method) || Boolean(options.idempotencyKey);
    return false;
  }

  /** Equal jitter: between half and all of base·2^n (capped), so retrying clients spread out but still wait. */
  private backoff(retry: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retry);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private error(code: 'AUTH_REQUIRED' | 'NETWORK_UNREACHABLE' | 'REQUEST_TIMEOUT', status: number): ApiRequestError {
    return new ApiRequestError({ code, status, message: messageFor(code, this.options.locale()) });
  }
}

/** Retry-After as milliseconds (seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
