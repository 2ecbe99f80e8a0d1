import { errorMessage, resolveLocale, type ApiError, type ErrorCode } from '@yiban/shared';
import type { NextFunction, Request, Response } from 'express';

function refuse(req: Request, res: Response, status: number, code: ErrorCode): void {
  const body: ApiError = { code, message: errorMessage(code, resolveLocale(req.headers['accept-language'])) };
  const requestId = (req as { id?: string }).id;
  if (requestId) body.requestId = requestId;
  res.status(status).json(body);
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const MULTIPART = /^multipart\/form-data\s*(;|$)/i;
/** The routes that take uploads (multipart): a consultation's images, an article's cover. */
const UPLOADS = /\/(?:images|cover)$/;

/**
 * A request with a body must say it is JSON (or multipart, for an upload): a form posted from another site is
 * refused with 415 before anything reads it, so a cross-site form cannot sign a browser in (login CSRF).
 */
export function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return next();
  const type = req.headers['content-type'] ?? '';
  const accepted = JSON_TYPE.test(type) || (MULTIPART.test(type) && UPLOADS.test(req.path));
  if (!accepted) return refuse(req, res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  next();
}

/** Answers to a signed-in caller carry personal data: no browser, proxy or WeChat cache keeps them. */
export function noStoreWhenSignedIn(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.authorization) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}
