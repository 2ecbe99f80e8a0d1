import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { type ApiError, type ErrorCode, ERRORS, errorMessage, resolveLocale } from '@yiban/shared';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { DomainError } from './domain-error.js';

/** Errors raised by express' body parser before a route runs. */
interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * The one place errors become HTTP answers. Domain errors keep their code; framework errors are
 * mapped to shared codes; anything unexpected becomes INTERNAL_ERROR without internals, logged with the request id.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('ErrorFilter');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const { code, details, status } = this.classify(exception);
    if (status >= 500) {
      this.logger.error({ err: exception, code }, 'request failed');
    } else {
      this.logger.debug({ code, details }, 'request refused');
    }
    if (res.headersSent) return;
    const locale = resolveLocale(req.headers['accept-language']);
    const body: ApiError = { code, message: errorMessage(code, locale, details) };
    if (details && Object.keys(details).length) body.details = details;
    const requestId = req.id;
    if (requestId !== undefined) body.requestId = String(requestId);
    if (status === HttpStatus.TOO_MANY_REQUESTS && !res.getHeader('retry-after')) res.setHeader('Retry-After', '60');
    res.status(status).json(body);
  }

  private classify(exception: unknown): { code: ErrorCode; status: number; details?: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      return { code: exception.code, status: ERRORS[exception.code].status, details: exception.details };
    }
    // Body-parser failures arrive wrapped by the express adapter (or bare from plain middleware).
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | null;
    if (parserError && typeof parserError === 'object' && typeof parserError.type === 'string') {
      if (parserError.type === 'entity.too.large') return { code: 'BODY_TOO_LARGE', status: 413 };
      if (parserError.type === 'entity.parse.failed') return { code: 'MALFORMED_JSON', status: 400 };
      if (parserError.status && parserError.status >= 400 && parserError.status < 500) return { code: 'VALIDATION_FAILED', status: 400 };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      switch (status) {
        case 404:
          return { code: 'ROUTE_NOT_FOUND', status };
        case 405:
          return { code: 'METHOD_NOT_ALLOWED', status };
        case 413:
          return { code: 'BODY_TOO_LARGE', status };
        case 429:
          return { code: 'RATE_LIMITED', status };
        case 401:
          return { code: 'AUTH_REQUIRED', status };
        case 403:
          return { code: 'FORBIDDEN_ROLE', status };
        default:
          if (status >= 400 && status < 500) return { code: 'VALIDATION_FAILED', status: 400 };
          return { code: 'INTERNAL_ERROR', status: 500 };
      }
    }
    return { code: 'INTERNAL_ERROR', status: 500 };
  }
}
