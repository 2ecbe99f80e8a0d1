import { loadConfig } from '../../config/config.js';
import { FieldCipher } from './field-cipher.js';

const config = (key: number) =>
  loadConfig({
    JWT_SECRET: 'a'.repeat(40),
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, key).toString('base64'),
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 's'.repeat(32),
  });

describe('FieldCipher', () => {
  const cipher = new FieldCipher(config(1));

  it('round-trips, with a fresh IV every time', () => {
    const a = cipher.encrypt('13800138000');
    const b = cipher.encrypt('13800138000');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:/);
    expect(a).not.toContain('13800138000');
    expect(cipher.decrypt(a)).toBe('13800138000');
  });

  it('refuses tampered ciphertext and another key', () => {
    const stored = cipher.encrypt('110101195408120015');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => new FieldCipher(config(2)).decrypt(stored)).toThrow();
  });

  it('gives a stable blind index that differs per key and hides the value', () => {
    expect(cipher.blindIndex('110101195408120015')).toBe(cipher.blindIndex(' 110101195408120015 '));
    expect(cipher.blindIndex('11010119540812001x')).toBe(cipher.blindIndex('11010119540812001X'));
    expect(cipher.blindIndex('13800138000')).not.toBe(new FieldCipher(config(2)).blindIndex('13800138000'));
    expect(cipher.blindIndex('13800138000')).toMatch(/^[0-9a-f]{64}$/);
  });
});
