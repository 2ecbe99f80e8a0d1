import { holdEnd } from './checkout.js';

describe('checkout hold time', () => {
  const now = new Date('2026-12-06T09:00:00Z');

  it('holds for the purpose’s minutes', () => {
    expect(holdEnd(now, 15).toISOString()).toBe('2026-12-06T09:15:00.000Z');
  });

  it('never holds past the cap (a visit starting sooner)', () => {
    expect(holdEnd(now, 15, new Date('2026-12-06T09:10:00Z')).toISOString()).toBe('2026-12-06T09:10:00.000Z');
    expect(holdEnd(now, 15, new Date('2026-12-06T10:00:00Z')).toISOString()).toBe('2026-12-06T09:15:00.000Z');
  });
});
