import { MESSAGE_KINDS } from '@yiban/shared';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

const valid = {
  JWT_SECRET: 'a'.repeat(40),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: 's'.repeat(32),
};

describe('loadConfig', () => {
  it('applies defaults and picks the embedded database without DATABASE_URL', () => {
    const config = loadConfig(valid);
    expect(config.port).toBe(3000);
    expect(config.database.type).toBe('sqlite');
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com');
    expect(config.dataEncryptionKey).toHaveLength(32);
  });

  it('reads the consultation, storage and Redis settings, and refuses a retention below three years', () => {
    const defaults = loadConfig(valid);
    expect(defaults.consultations).toMatchObject({ followupVisitDays: 180, firstResponseMinutes: 120, retentionDays: 1095, fees: { health_consult: 0 } });
    expect(defaults.storage).toEqual({ driver: 'local', dir: path.resolve('.data', 'uploads') });
    expect(defaults.redisUrl).toBeNull();
    const set = loadConfig({
      ...valid,
      CONSULT_FOLLOWUP_FEE: '2000',
      REDIS_URL: 'redis://127.0.0.1:6379/1',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'chat',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(set.consultations.fees.online_followup).toBe(2000);
    expect(set.redisUrl).toBe('redis://127.0.0.1:6379/1');
    expect(set.storage).toMatchObject({ driver: 's3', bucket: 'chat', region: 'us-east-1', forcePathStyle: true });
    expect(() => loadConfig({ ...valid, CONSULT_RETENTION_DAYS: '365' })).toThrow(/CONSULT_RETENTION_DAYS.*three years/);
    expect(() => loadConfig({ ...valid, STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET = \(missing\)/);
    expect(() => loadConfig({ ...valid, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads the checkout’s hold time per purpose and the access settings', () => {
    const defaults = loadConfig(valid);
    expect(defaults.payments.holdMinutes).toEqual({ appointment: 15, consultation: 15 });
    expect(defaults.access).toEqual({ careRelationshipDays: 180, breakGlassMinutes: 60 });
    const set = loadConfig({ ...valid, PAYMENT_HOLD_MINUTES: '20', CONSULT_PAY_MINUTES: '45', CARE_RELATIONSHIP_DAYS: '90', BREAK_GLASS_MINUTES: '30' });
    expect(set.payments.holdMinutes).toEqual({ appointment: 20, consultation: 45 });
    expect(set.access).toEqual({ careRelationshipDays: 90, breakGlassMinutes: 30 });
    expect(() => loadConfig({ ...valid, BREAK_GLASS_MINUTES: '1' })).toThrow(/BREAK_GLASS_MINUTES/);
    expect(() => loadConfig({ ...valid, CONSULT_PAY_MINUTES: '0' })).toThrow(/CONSULT_PAY_MINUTES/);
  });

  it('reads the sign-in limits, which proxies to trust, and refuses production without a CORS allow-list', () => {
    const defaults = loadConfig(valid);
    expect(defaults.auth).toMatchObject({
      loginRateLimitPerMinute: 3000,
      staffLoginFailuresPerAccount: 10,
      staffLoginPerAddressPerMinute: 120,
      sessionCheckCacheMs: 60_000,
    });
    expect(defaults.trustProxy).toBe('loopback');
    expect(loadConfig({ ...valid, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1');
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    const problems = (() => {
      try {
        loadConfig({ ...valid, NODE_ENV: 'production' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^CORS_ORIGINS = \(missing\): required in production/)]));
    expect(loadConfig({ ...valid, CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('reads MySQL and MariaDB URLs', () => {
    expect(loadConfig({ ...valid, DATABASE_URL: 'mysql://root@127.0.0.1:3306/yiban' }).database).toEqual({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/yiban',
    });
    expect(loadConfig({ ...valid, DATABASE_URL: 'mariadb://root@127.0.0.1:3306/test' }).database).toEqual({
      type: 'mariadb',
      url: 'mysql://root@127.0.0.1:3306/test',
    });
  });

  it('uses the simulator’s templates in development and requires WECHAT_TEMPLATES in production', () => {
    expect(loadConfig(valid).templates.follow_up_reminder.kind).toBe('long_term');
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow('WECHAT_TEMPLATES = (missing)');
    expect(() => loadConfig({ ...valid, WECHAT_TEMPLATES: '{"appointment_reminder":{"id":"x"}}' })).toThrow('"appointment_reminder" needs');
    const all = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, { id: `T_${k}`, kind: 'one_time' }]));
    const push = { WECHAT_PUSH_TOKEN: 'PushToken2026', PUBLIC_BASE_URL: 'https://yiban.example.com', CORS_ORIGINS: 'https://console.yiban.example.com' };
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', WECHAT_TEMPLATES: JSON.stringify(all), ...push })).toThrow('WECHATPAY_MCHID = (missing)');
    const dir = merchantFolder();
    try {
      const production = loadConfig({
        ...valid,
        NODE_ENV: 'production',
        WECHAT_TEMPLATES: JSON.stringify(all),
        WECHATPAY_KEYS_DIR: dir,
        WECHATPAY_NOTIFY_URL: 'https://yiban.example.com/api/v1/payments/wechat/notify',
        ...push,
      });
      expect(production.templates.health_education.id).toBe('T_health_education');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the message-push token and the public origin; production requires both, development has defaults', () => {
    expect(loadConfig(valid)).toMatchObject({ wechatPush: { token: 'YibanDevPushToken2026' }, publicBaseUrl: null });
    expect(loadConfig({ ...valid, WECHAT_PUSH_TOKEN: 'Abc123', PUBLIC_BASE_URL: 'https://api.example.org/' })).toMatchObject({
      wechatPush: { token: 'Abc123' },
      publicBaseUrl: 'https://api.example.org',
    });
    expect(() => loadConfig({ ...valid, WECHAT_PUSH_TOKEN: 'has spaces' })).toThrow(/WECHAT_PUSH_TOKEN .*3–32 letters or digits/);
    expect(() => loadConfig({ ...valid, PUBLIC_BASE_URL: 'api.example.org' })).toThrow(/PUBLIC_BASE_URL .*public http\(s\) origin/);
    const problems = (() => {
      try {
        loadConfig({ ...valid, NODE_ENV: 'production' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^WECHAT_PUSH_TOKEN = \(missing\)/), expect.stringMatching(/^PUBLIC_BASE_URL = \(missing\)/)]),
    );
  });

  it('reads WeChat Pay from a keys folder, lets variables override it, and names what is missing', () => {
    expect(loadConfig(valid).wechatPay).toBeNull(); // not set up: free slots only
    const dir = merchantFolder();
    try {
      const pay = loadConfig({ ...valid, WECHATPAY_KEYS_DIR: dir, WECHATPAY_API_BASE: 'http://127.0.0.1:3900/' }).wechatPay!;
      expect(pay).toMatchObject({
        appid: valid.WECHAT_APPID,
        mchid: '1230000109',
        merchantSerialNo: 'ABCDEF0123456789',
        apiV3Key: 'k'.repeat(32),
        privateKeyPem: 'merchant key',
        merchantCertificatePem: 'merchant certificate',
        platformCertificatePem: 'platform certificate',
        publicKey: { id: 'PUB_KEY_ID_0112345', pem: 'public key' },
        apiBase: 'http://127.0.0.1:3900',
        notifyUrl: null,
        timeoutMs: 10_000,
      });
      expect(loadConfig({ ...valid, WECHATPAY_KEYS_DIR: dir, WECHATPAY_MCHID: '1999999999' }).wechatPay!.mchid).toBe('1999999999');
      expect(() => loadConfig({ ...valid, WECHATPAY_KEYS_DIR: dir, WECHATPAY_PRIVATE_KEY_FILE: path.join(dir, 'nope.pem') })).toThrow(
        /WECHATPAY_PRIVATE_KEY_FILE = ".*nope.pem": file not found/,
      );
      expect(() => loadConfig({ ...valid, WECHATPAY_MCHID: '1230000109' })).toThrow(/WECHATPAY_PRIVATE_KEY_FILE = \(missing\)[\s\S]*WECHATPAY_APIV3_KEY/);
      expect(() => loadConfig({ ...valid, WECHATPAY_KEYS_DIR: path.join(dir, 'missing') })).toThrow('no readable merchant.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every bad or missing variable in one error, without printing secrets', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x/y', DATA_ENCRYPTION_KEY: 'short-secret-value', WECHAT_APPID: 'nope' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'DATA_ENCRYPTION_KEY', 'WECHAT_APPID', 'WECHAT_SECRET']) expect(text).toContain(name);
    expect(text).toContain('JWT_SECRET = (missing)');
    expect(text).not.toContain('short-secret-value');
    expect(text).toContain('openssl rand -base64 32');
    expect(() => loadConfig({ ...valid, TIME_ZONE: 'Mars/Olympus', QUIET_HOURS: '9pm-8am' })).toThrow(/TIME_ZONE[\s\S]*|QUIET_HOURS/);
  });
});

/** A folder shaped like the simulator's keys folder (the contents are not parsed at configuration time). */
function merchantFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yiban-pay-config-'));
  const files = {
    merchantPrivateKey: 'apiclient_key.pem',
    merchantCertificate: 'apiclient_cert.pem',
    platformCertificate: 'wechatpay_platform_cert.pem',
    publicKey: 'pub_key.pem',
  };
  writeFileSync(path.join(dir, files.merchantPrivateKey), 'merchant key');
  writeFileSync(path.join(dir, files.merchantCertificate), 'merchant certificate');
  writeFileSync(path.join(dir, files.platformCertificate), 'platform certificate');
  writeFileSync(path.join(dir, files.publicKey), 'public key');
  writeFileSync(
    path.join(dir, 'merchant.json'),
    JSON.stringify({
      appid: 'wx0123456789abcdef',
      mchid: '1230000109',
      apiV3Key: 'k'.repeat(32),
      merchantSerialNo: 'abcdef0123456789',
      publicKeyId: 'PUB_KEY_ID_0112345',
      files,
    }),
  );
  return dir;
}
