import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from '../errors/domain-error.js';

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
}

/**
 * A route that takes no body refuses one that says something, like an unknown field anywhere else: `{"isAdmin": true}`
 * sent to `POST …/close` is a mistake or a probe, never silently ignored. (Validation runs only on declared bodies.)
 */
@Injectable()
export class NoUnexpectedBody implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      // A handler that reads the request itself (the pay notification's raw body) decides what its body may be.
      const kinds = Object.keys(args).map((key) => key.split(':')[0]);
      takes = kinds.includes(String(RouteParamtypes.BODY)) || kinds.includes(String(RouteParamtypes.REQUEST));
      this.takesBody.set(handler, takes);
    }
    const body = context.switchToHttp().getRequest<Request>().body as unknown;
    if (!takes && !isEmpty(body)) {
      const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : ['(body)'];
      throw new DomainError('UNKNOWN_FIELD', { fields });
    }
    return next.handle();
  }
}
