import { loadConfig } from '../../config/config.js';
import { TokenService } from './token.service.js';

const config = (secret: string) =>
  loadConfig({
    JWT_SECRET: secret,
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 's'.repeat(32),
    ACCESS_TOKEN_TTL_SECONDS: '900',
  });

describe('TokenService', () => {
  const tokens = new TokenService(config('a'.repeat(40)));
  const now = new Date('2026-11-22T08:00:00Z');

  it('round-trips account and staff principals', () => {
    const account = tokens.sign({ kind: 'account', accountId: 'A1', sessionId: 'S1' }, now);
    expect(account.expiresAt.toISOString()).toBe('2026-11-22T08:15:00.000Z');
    expect(tokens.verify(account.token, now)).toEqual({ kind: 'account', accountId: 'A1', sessionId: 'S1' });
    const staff = tokens.sign({ kind: 'staff', staffId: 'T1', sessionId: 'S2', roles: ['doctor', 'admin'] }, now);
    expect(tokens.verify(staff.token, now)).toEqual({ kind: 'staff', staffId: 'T1', sessionId: 'S2', roles: ['doctor', 'admin'] });
  });

  it('tells expired from invalid', () => {
    const { token } = tokens.sign({ kind: 'account', accountId: 'A1', sessionId: 'S1' }, now);
    expect(() => tokens.verify(token, new Date(now.getTime() + 901_000))).toThrow(expect.objectContaining({ code: 'AUTH_TOKEN_EXPIRED' }));
    expect(() => new TokenService(config('b'.repeat(40))).verify(token, now)).toThrow(expect.objectContaining({ code: 'AUTH_TOKEN_INVALID' }));
    expect(() => tokens.verify(`${token}x`, now)).toThrow(expect.objectContaining({ code: 'AUTH_TOKEN_INVALID' }));
  });
});
