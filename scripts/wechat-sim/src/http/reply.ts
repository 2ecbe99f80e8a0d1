/** What a handler answers; the body is already encoded so signed surfaces can sign the exact bytes sent. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The WeChat errcode in the body, recorded in the call log. */
  errcode?: number;
  /** The WeChat Pay error code in the body (`SIGN_ERROR`), recorded in the call log. */
  code?: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** Lets input readers deep inside a handler end the request with a ready answer. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`reply ${reply.status}`);
  }
}
