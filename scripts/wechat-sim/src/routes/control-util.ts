import type { Handler, SimRequest } from '../http/router.js';
import { jsonReply, ReplyError, type Reply } from '../http/reply.js';
import type { SimState } from '../state.js';
import type { SimUser } from '../users.js';
import { InvalidInput, isObject, type JsonObject } from '../validation.js';

// Shared by the control API's surfaces: its JSON conventions and error answers.

/** Turns input errors raised anywhere in a control handler into 400 answers. */
export function control(handler: Handler): Handler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (error) {
      if (error instanceof InvalidInput) return jsonReply(400, { error: error.message });
      throw error;
    }
  };
}

export function ok(value: unknown): Reply {
  return jsonReply(200, value);
}

export function notFound(message: string): Reply {
  return jsonReply(404, { error: message });
}

/** The JSON object body; an empty body reads as `{}`. */
export function body(req: SimRequest): JsonObject {
  if (req.rawBody.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new InvalidInput('the body is not valid JSON');
  }
  if (!isObject(value)) throw new InvalidInput('the body must be a JSON object');
  return value;
}

export function findUser(state: SimState, openid: string): SimUser {
  const user = state.users.get(openid);
  if (!user) throw new ReplyError(notFound(`unknown openid ${openid}; create users with POST /__sim/users`));
  return user;
}
