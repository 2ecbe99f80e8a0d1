import { grantState, minutesLeft, reasonProblem, visibleChars } from '../../src/utils/break-glass';

describe('break-the-glass reason', () => {
  it('counts what a reader sees: spaces of any width and zero-width characters are not part of a reason', () => {
    expect(visibleChars('急诊抢救')).toBe(4);
    expect(visibleChars(' 急 诊\u3000抢救\u200B ')).toBe(4);
    expect(visibleChars('会诊🚑')).toBe(3); // one code point, however many UTF-16 units
    expect(visibleChars('')).toBe(0);
  });

  it('is required, at least 5 visible characters and at most 500 once trimmed (the server’s limits)', () => {
    expect(reasonProblem('')).toBe('blank');
    expect(reasonProblem('   \u3000\u200B\n')).toBe('blank');
    expect(reasonProblem('急诊')).toBe('tooShort');
    expect(reasonProblem('急 诊 抢 救')).toBe('tooShort'); // 7 characters, 4 of them visible
    expect(reasonProblem('急诊抢救中')).toBeNull();
    expect(reasonProblem('  ER  ')).toBe('tooShort');
    expect(reasonProblem('urgent')).toBeNull();
    expect(reasonProblem(`  ${'抢'.repeat(500)}  `)).toBeNull();
    expect(reasonProblem('抢'.repeat(501))).toBe('tooLong');
  });
});

describe('break-the-glass grant', () => {
  const expiresAt = '2026-11-22T03:00:00Z';

  it('is open until it expires, ended from that instant on (as the server decides)', () => {
    expect(grantState({ expiresAt }, new Date('2026-11-22T02:59:59Z'))).toBe('open');
    expect(grantState({ expiresAt }, new Date('2026-11-22T03:00:00Z'))).toBe('ended');
    expect(grantState({ expiresAt }, new Date('2026-11-23T00:00:00Z'))).toBe('ended');
    expect(grantState({ expiresAt: 'not a date' }, new Date('2026-11-22T02:00:00Z'))).toBe('ended');
  });

  it('says the minutes left rounded up, and 0 once ended', () => {
    expect(minutesLeft(expiresAt, new Date('2026-11-22T02:00:00Z'))).toBe(60);
    expect(minutesLeft(expiresAt, new Date('2026-11-22T02:00:59Z'))).toBe(60);
    expect(minutesLeft(expiresAt, new Date('2026-11-22T02:59:30Z'))).toBe(1);
    expect(minutesLeft(expiresAt, new Date('2026-11-22T03:00:00Z'))).toBe(0);
    expect(minutesLeft(expiresAt, new Date('2026-11-22T04:00:00Z'))).toBe(0);
  });
});
