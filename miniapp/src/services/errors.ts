import { errorMessage, isErrorCode, type ErrorCode, type Locale } from '@yiban/shared';
import { translate } from '../i18n';

/** Failures that happen on the phone's side of the wire; their messages live in the app's own catalogue. */
export const CLIENT_ERROR_CODES = ['NETWORK_UNREACHABLE', 'REQUEST_TIMEOUT', 'UNEXPECTED_RESPONSE'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type AppErrorCode = ErrorCode | ClientErrorCode;

/**
 * Every failed API call ends as one of these. Pages branch on `code` (a `shared` error code or a client code),
 * never on message text; `message` is ready to show in the user's language.
 */
export class ApiRequestError extends Error {
  readonly code: AppErrorCode;
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly requestId?: string;

  constructor(init: { code: AppErrorCode; status: number; message: string; details?: Record<string, unknown>; requestId?: string }) {
    super(init.message);
    this.name = 'ApiRequestError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId;
  }

  /** True for failures where trying again later may work (network, timeouts, busy or broken server). */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** The user-facing message for a code, in `locale`: server codes from `shared`, client codes from the app catalogue. */
export function messageFor(code: AppErrorCode, locale: Locale, details?: Record<string, unknown>): string {
  if (isErrorCode(code)) return errorMessage(code, locale, details);
  return translate(locale, `error.${code}`);
}

/** Turns an error answer into an ApiRequestError, trusting only codes the app knows. */
export function errorFromResponse(status: number, body: unknown, locale: Locale): ApiRequestError {
  const payload = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
  const details = payload.details && typeof payload.details === 'object' ? (payload.details as Record<string, unknown>) : undefined;
  const requestId = typeof payload.requestId === 'string' ? payload.requestId : undefined;
  let code: AppErrorCode;
  if (isErrorCode(payload.code)) code = payload.code;
  else if (status === 401) code = 'AUTH_REQUIRED';
  else if (status === 403) code = 'FORBIDDEN_ROLE';
  else if (status === 404) code = 'NOT_FOUND';
  else if (status === 429) code = 'RATE_LIMITED';
  else if (status === 503) code = 'SERVICE_UNAVAILABLE';
  else if (status >= 500) code = 'INTERNAL_ERROR';
  else code = 'UNEXPECTED_RESPONSE';
  return new ApiRequestError({ code, status, message: messageFor(code, locale, details), details, requestId });
}

export function toApiError(error: unknown, locale: Locale): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError({ code: 'UNEXPECTED_RESPONSE', status: 0, message: messageFor('UNEXPECTED_RESPONSE', locale) });
}
