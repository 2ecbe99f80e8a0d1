import { ValidationPipe, type ValidationError } from '@nestjs/common';
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
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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

/** Whitespace of every kind, zero-width characters included (U+200B–U+200D, U+2060, U+FEFF, U+3000 …). */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u3000]/gu;

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
