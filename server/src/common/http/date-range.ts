import { DomainError } from '../errors/domain-error.js';
import { addDays, zonedInstant } from '../time/zoned-time.js';

/** A calendar date, YYYY-MM-DD, with a real month and day. */
export const CALENDAR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Hospital-time dates `from`–`to` (both included, either may be left out) as instants: `since` inclusive, `before`
 * exclusive (the start of the day after `to`). A `to` before `from` is VALIDATION_FAILED naming `to`.
 */
export function hospitalDays(range: { from?: string; to?: string }, timeZone: string): { since: Date | null; before: Date | null } {
  if (range.from && range.to && range.to < range.from) {
    throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'to', problems: ['notBeforeFrom'] }] });
  }
  return {
    since: range.from ? zonedInstant(range.from, '00:00', timeZone) : null,
    before: range.to ? zonedInstant(addDays(range.to, 1), '00:00', timeZone) : null,
  };
}
