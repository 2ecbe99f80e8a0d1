import { addDays, isoWeekday, localDate, zonedInstant } from './zoned-time.js';

describe('zoned time', () => {
  it('turns Shanghai wall-clock times into instants and back', () => {
    expect(zonedInstant('2026-11-23', '08:30', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T00:30:00.000Z');
    expect(zonedInstant('2026-11-23', '00:15', 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:15:00.000Z');
    expect(localDate(new Date('2026-11-22T16:15:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
  });

  it('handles daylight saving elsewhere', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'Europe/London').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedInstant('2026-12-01', '09:00', 'Europe/London').toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('gives the same dates asked twice, each side of midnight, also where midnight is not on a quarter hour', () => {
    for (let round = 0; round < 2; round++) {
      expect(localDate(new Date('2026-11-22T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-22');
      expect(localDate(new Date('2026-11-22T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-23');
      // Monrovia kept UTC−0:44:30 until 1972: its midnight fell inside a quarter hour of UTC.
      expect(localDate(new Date('1971-06-01T00:44:29Z'), 'Africa/Monrovia')).toBe('1971-05-31');
      expect(localDate(new Date('1971-06-01T00:44:30Z'), 'Africa/Monrovia')).toBe('1971-06-01');
      expect(localDate(new Date('1971-06-01T00:59:59Z'), 'Africa/Monrovia')).toBe('1971-06-01');
    }
  });

  it('knows weekdays and adds days across months', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(addDays('2026-11-28', 7)).toBe('2026-12-05');
  });
});
