import { formatDate, formatInstant, formatLocal } from './format.js';

describe('time formatting', () => {
  const now = new Date('2026-12-06T08:00:00Z');

  it('shows an instant on the hospital clock in either language', () => {
    const at = new Date('2026-12-08T01:30:00Z'); // 09:30 in Shanghai
    expect(formatInstant(at, 'zh-CN', 'Asia/Shanghai', now)).toBe('12月8日 09:30');
    expect(formatInstant(at, 'en', 'Asia/Shanghai', now)).toBe('8 Dec 09:30');
    expect(formatLocal(at, 'Asia/Shanghai')).toBe('2026-12-08 09:30');
  });

  it('adds the year only when it is not this one, and crosses midnight by the zone', () => {
    const at = new Date('2027-01-01T17:00:00Z'); // 1:00 on 2 January in Shanghai
    expect(formatInstant(at, 'zh-CN', 'Asia/Shanghai', now)).toBe('2027年1月2日 01:00');
    expect(formatInstant(at, 'en', 'Asia/Shanghai', now)).toBe('2 Jan 2027 01:00');
    expect(formatInstant(at, 'en', 'Europe/London', now)).toBe('1 Jan 2027 17:00');
  });

  it('writes calendar dates', () => {
    expect(formatDate('2026-12-08', 'zh-CN')).toBe('2026年12月8日');
    expect(formatDate('2026-12-08', 'en')).toBe('8 Dec 2026');
  });
});
