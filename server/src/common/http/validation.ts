import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.keys(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Global validation: unknown fields are refused (not silently dropped), types are converted,
 * and the answer names each bad field with the rules it broke (`isString`, `maxLength`, …).
 */
/** Keys class-transformer drops without a word (they could reach prototypes): refused like any unknown field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function prototypeKeys(value: unknown, path = '', depth = 0): string[] {
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) found.push(at);
    else found.push(...prototypeKeys((value as Record<string, unknown>)[key], at, depth + 1));
  }
  return found;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const fields = prototypeKeys(value);
      if (fields.length) throw new DomainError('UNKNOWN_FIELD', { fields });
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const unknown = fields.filter((f) => f.problems.includes('whitelistValidation')).map((f) => f.field);
      if (unknown.length) return new DomainError('UNKNOWN_FIELD', { fields: unknown });
      return new DomainError('VALIDATION_FAILED', { fields });
    },
  });
}

/**
 * What is not there to read: every Unicode space (ideographic space, no-break space …) and every format character
 * (zero-width space and joiners, direction marks, the BOM …).
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Zs}]/gu;

/** Text with at least one visible character: only spaces (of any width) or zero-width characters is blank. */
export function isBlank(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

/** Refuses text that is blank once every kind of space is taken out (`notBlank`). */
export function NotBlank(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'notBlank',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must not be blank`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !isBlank(value) },
    });
}
