import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { resolveLocale, type Locale } from '@yiban/shared';
import type { Request } from 'express';

/** The reader's language from `Accept-Language` (zh-CN by default): what stored codes and parameters are rendered in. */
export const ReaderLocale = createParamDecorator((_: unknown, ctx: ExecutionContext): Locale => {
  const header = ctx.switchToHttp().getRequest<Request>().headers['accept-language'];
  return resolveLocale(typeof header === 'string' ? header : null);
});
