import { createHash, timingSafeEqual } from 'node:crypto';

/** Pushes stamped further than this from our clock (either way) are refused: a captured one cannot be replayed later. */
export const PUSH_WINDOW_SECONDS = 300;

/** WeChat's message-push signature: hex SHA-1 of the token, timestamp and nonce sorted as strings and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export type PushCheck = 'ok' | 'missing' | 'stale' | 'bad_signature';

/**
 * Whether a push (or WeChat's URL check) came from WeChat: the query's signature must be ours for its timestamp and
 * nonce (compared in constant time), and the timestamp within PUSH_WINDOW_SECONDS of `nowMs`.
 */
export function checkPush(token: string, query: { signature?: unknown; timestamp?: unknown; nonce?: unknown }, nowMs: number): PushCheck {
  const { signature, timestamp, nonce } = query;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string' || !signature || !nonce) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > PUSH_WINDOW_SECONDS) return 'stale';
  const expected = Buffer.from(pushSignature(token, timestamp, nonce), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'bad_signature';
}
