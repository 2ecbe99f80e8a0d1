import type { ErrorCode } from '@yiban/shared';

/**
 * A failure the caller can understand and act on. Services throw these;
 * the one exception filter turns them into `{code, message, details}` with the HTTP status from `shared`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'DomainError';
  }
}
