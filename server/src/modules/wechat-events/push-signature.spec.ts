import { checkPush, pushSignature, PUSH_WINDOW_SECONDS } from './push-signature.js';

describe('message-push signatures', () => {
  it('matches WeChat’s documented example', () => {
    // developers.weixin.qq.com, 消息推送: Token AAAAA, timestamp 1714036504, nonce 1514711492.
    expect(pushSignature('AAAAA', '1714036504', '1514711492')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
  });

  it('accepts a fresh, correctly signed push and refuses anything else', () => {
    const now = 1_714_036_504_000;
    const signed = { timestamp: '1714036504', nonce: '1514711492', signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696' };
    expect(checkPush('AAAAA', signed, now)).toBe('ok');
    expect(checkPush('AAAAA', { ...signed, signature: signed.signature.toUpperCase() }, now)).toBe('ok');
    expect(checkPush('BBBBB', signed, now)).toBe('bad_signature');
    expect(checkPush('AAAAA', { ...signed, nonce: '1514711493' }, now)).toBe('bad_signature');
    expect(checkPush('AAAAA', { ...signed, signature: 'f464' }, now)).toBe('bad_signature');
    expect(checkPush('AAAAA', { ...signed, signature: undefined }, now)).toBe('missing');
    expect(checkPush('AAAAA', { timestamp: signed.timestamp, signature: signed.signature }, now)).toBe('missing');
    expect(checkPush('AAAAA', signed, now + (PUSH_WINDOW_SECONDS + 1) * 1000)).toBe('stale');
    expect(checkPush('AAAAA', signed, now - (PUSH_WINDOW_SECONDS + 1) * 1000)).toBe('stale');
    expect(checkPush('AAAAA', signed, now + PUSH_WINDOW_SECONDS * 1000)).toBe('ok');
    expect(checkPush('AAAAA', { ...signed, timestamp: '17140365.04' }, now)).toBe('stale');
  });
});
