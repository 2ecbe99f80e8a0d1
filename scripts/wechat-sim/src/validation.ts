/** Thrown by the control API's input readers; answered as 400 with the message. */
export class InvalidInput extends Error {}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optionalString(body: JsonObject, field: string, pattern?: RegExp): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
    throw new InvalidInput(`${field} must be a string${pattern ? ` matching ${pattern}` : ''}`);
  }
  return value;
}

export function requiredString(body: JsonObject, field: string): string {
  const value = optionalString(body, field);
  if (!value) throw new InvalidInput(`${field} is required`);
  return value;
}

export function optionalNumber(body: JsonObject, field: string, range: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const bounds = [Number.isFinite(min) ? `>= ${min}` : '', Number.isFinite(max) ? `<= ${max}` : ''].filter(Boolean).join(' and ');
    throw new InvalidInput(`${field} must be ${integer ? 'an integer' : 'a number'}${bounds ? ` ${bounds}` : ''}`);
  }
  return value;
}

export function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InvalidInput(`${field} must be true or false`);
  return value;
}
