import { quietUntil } from './quiet-hours.js';

const window = { start: 21 * 60, end: 8 * 60 };
const tz = 'Asia/Shanghai';

describe('quietUntil', () => {
  it('is null in the day and defers night messages to 08:00 local time', () => {
    expect(quietUntil(new Date('2026-11-22T02:00:00Z'), window, tz)).toBeNull(); // 10:00 in Shanghai
    expect(quietUntil(new Date('2026-11-22T12:59:00Z'), window, tz)).toBeNull(); // 20:59
    expect(quietUntil(new Date('2026-11-22T13:00:00Z'), window, tz)?.toISOString()).toBe('2026-11-23T00:00:00.000Z'); // 21:00 → 08:00
    expect(quietUntil(new Date('2026-11-22T18:30:20Z'), window, tz)?.toISOString()).toBe('2026-11-23T00:00:00.000Z'); // 02:30
    expect(quietUntil(new Date('2026-11-23T00:00:00Z'), window, tz)).toBeNull(); // 08:00 exactly
  });

  it('handles a window inside one day and an empty window', () => {
    expect(quietUntil(new Date('2026-11-22T05:00:00Z'), { start: 12 * 60, end: 14 * 60 }, tz)?.toISOString()).toBe('2026-11-22T06:00:00.000Z');
    expect(quietUntil(new Date('2026-11-22T13:00:00Z'), { start: 0, end: 0 }, tz)).toBeNull();
  });
});
