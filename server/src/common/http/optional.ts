import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when present it must pass its rules. Unlike class-validator's
 * IsOptional, `null` is not waved through: a null where a string belongs is a 400, not a crash.
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
