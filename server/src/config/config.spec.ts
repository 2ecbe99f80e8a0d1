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
    const all = Object.fromEntries(
      ['appointment_reminder', 'doctor_replied', 'survey_invitation', 'event_reminder', 'health_education', 'follow_up_reminder'].map((k) => [
        k,
        { id: `T_${k}`, kind: 'one_time' },
      ]),
    );
    expect(loadConfig({ ...valid, NODE_ENV: 'production', WECHAT_TEMPLATES: JSON.stringify(all) }).templates.health_education.id).toBe('T_health_education');
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
