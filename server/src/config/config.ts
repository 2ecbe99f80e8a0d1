import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MESSAGE_KINDS, type MessageKind, type SubscriptionKind } from '@yiban/shared';

/**
 * The simulator's default templates, used when WECHAT_TEMPLATES is not set outside production.
 * A hospital configures its own approved template ids.
 */
export const DEVELOPMENT_TEMPLATES: Record<MessageKind, { id: string; kind: SubscriptionKind }> = {
  appointment_reminder: { id: 'ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM', kind: 'one_time' },
  appointment_changed: { id: 'ApptChanged_Qm3vT8xLw2NcR5yHd9KpE4sZbJ7uFgA', kind: 'one_time' },
  waitlist_offer: { id: 'WaitlistOffer_Xr6nB2kVq8LmT4wYc1HsD9pZeG5jU', kind: 'one_time' },
  doctor_replied: { id: 'DoctorReplied_VkHXJumUGZ5xPoXviQVNHMRgA4WRP', kind: 'one_time' },
  survey_invitation: { id: 'SurveyInvite_hJ3JuyzfTvrEVgpN5aFTYbsjgEg9yP', kind: 'one_time' },
  event_reminder: { id: 'EventReminder_d8cc7H7mPWYoNrIc3SK_axj6vseZa', kind: 'one_time' },
  health_education: { id: 'HealthEdu_jGsyS99sJf1gLOwgntHJTSixxCM9dHxIY', kind: 'one_time' },
  follow_up_reminder: { id: 'FollowUpReminder_eFeM_XmvG-O2qQB75XL0cDaZAz', kind: 'long_term' },
  care_greeting: { id: 'CareGreeting_VFzd2hNPaRSa9TeST9WwFn65QZ9mfV', kind: 'one_time' },
  event_invitation: { id: 'EventInvite_n6bCiREucX5ny9xY4vCRnfik4l3lU6Z', kind: 'one_time' },
  tier_upgraded: { id: 'TierUpgraded_Wq7pNc3Lx9RbT2vKm5YsH8dZfA4gJe', kind: 'one_time' },
  event_offer: { id: 'EventOffer_Mb4tQx8Rk2LwN6yVc9PsE3hZjD7uFaXq', kind: 'one_time' },
};

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** '21:00-08:00' → minutes after midnight. */
function parseQuietHours(value: string): { start: number; end: number } {
  const [start = 0, end = 0] = value.split('-').map((hm) => {
    const [h, m] = hm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  });
  return { start, end };
}

function parseTemplates(raw: string | undefined, production: boolean): { value?: AppConfig['templates']; problem?: string } {
  if (!raw)
    return production
      ? { problem: 'WECHAT_TEMPLATES = (missing): required in production (JSON: message kind → {"id", "kind"})' }
      : { value: DEVELOPMENT_TEMPLATES };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { problem: 'WECHAT_TEMPLATES: not valid JSON' };
  }
  const out: Partial<AppConfig['templates']> = {};
  for (const kind of MESSAGE_KINDS) {
    const entry = (parsed as Record<string, { id?: unknown; kind?: unknown }> | null)?.[kind];
    if (!entry || typeof entry.id !== 'string' || !entry.id || (entry.kind !== 'one_time' && entry.kind !== 'long_term')) {
      return { problem: `WECHAT_TEMPLATES: "${kind}" needs {"id": "<template id>", "kind": "one_time" | "long_term"}` };
    }
    out[kind] = { id: entry.id, kind: entry.kind };
  }
  return { value: out as AppConfig['templates'] };
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable the server reads, validated at boot.
 * A bad or missing value stops the server with one clear line per problem.
 */
class EnvSchema {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[\w$-]+(\?.*)?$/, { message: 'must look like mysql://user:pass@host:3306/dbname (or mariadb://…)' })
  DATABASE_URL?: string;

  /** Folder for the embedded database and other local state. */
  @IsString()
  DATA_DIR = '.data';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (generate one with: openssl rand -base64 48)' })
  JWT_SECRET: string;

  /** base64 of 32 random bytes; phone and ID numbers are encrypted with keys derived from it. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)' })
  DATA_ENCRYPTION_KEY: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Matches(/^wx[0-9a-f]{16}$/, { message: 'must be a mini-program appid like wx0123456789abcdef' })
  WECHAT_APPID: string;

  @IsString()
  @MinLength(16)
  WECHAT_SECRET: string;

  /** https://api.weixin.qq.com in production; the simulator's URL in development and tests. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WECHAT_API_BASE = 'https://api.weixin.qq.com';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WECHAT_TIMEOUT_MS = 5000;

  /**
   * WeChat sign-in and token refresh per client address per minute. Sized for a hospital lobby's Wi-Fi or a carrier
   * NAT: thousands of patients can share one address.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 3000;

  /** Staff sign-in: wrong passwords allowed per username in 15 minutes before that account is throttled (its colleagues are not). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  STAFF_LOGIN_FAILURES_PER_ACCOUNT = 10;

  /** Staff sign-in attempts per client address per minute (a whole ward signing in at a shift change fits). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  STAFF_LOGIN_PER_ADDRESS_PER_MINUTE = 120;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address: a hop count (`1` behind one load balancer),
   * or comma-separated addresses/CIDR ranges (`10.0.0.0/8,127.0.0.1`). Default: loopback only.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|loopback|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, {
    message: 'must be a hop count, "loopback", or addresses/CIDR ranges separated by commas',
  })
  TRUST_PROXY?: string;

  /** How long an instance may trust its last look at a session (ms); ended sessions are told to every instance at once through Redis. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SESSION_CHECK_CACHE_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAX_PROFILES_PER_ACCOUNT = 8;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Comma-separated origins allowed to call the API from a browser (the H5 app). */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Type(() => String)
  @IsIn(['true', 'false'])
  LOG_PRETTY = 'false';

  /** api: serve HTTP only; worker: run jobs only; all: both (one process for a small hospital). */
  @IsIn(['api', 'worker', 'all'])
  ROLE: 'api' | 'worker' | 'all' = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  /** Quiet hours for messages, in the hospital's time zone: HH:MM-HH:MM (may wrap midnight). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'must look like 21:00-08:00' })
  QUIET_HOURS = '21:00-08:00';

  /** IANA time zone used for quiet hours and for patients without their own. */
  @IsString()
  TIME_ZONE = 'Asia/Shanghai';

  /** Hours service staff have to resolve a service issue before it is escalated (a written complaint: half). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  SERVICE_ISSUE_SLA_HOURS = 48;

  /** Marketing messages one patient receives at most per 7 days. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  MARKETING_CAP_PER_WEEK = 2;

  /**
   * WeChat sends per second of the outbound path (campaigns and single messages alike), shared by every worker and
   * instance (through Redis when REDIS_URL is set). WeChat's own limit answers 45011 beyond it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  WECHAT_SEND_RATE_PER_SECOND = 500;

  /**
   * Sends claimed at once by one drain lane of a campaign, or by one handler slot of a worker (single messages); after a
   * crash at most these (per lane or slot) may have gone out unrecorded.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5_000)
  WECHAT_SEND_BATCH = 200;

  /** How long a claimed bulk send may stay unrecorded before another worker treats it as abandoned (ms). */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  WECHAT_SEND_LEASE_MS = 60_000;

  /** Minutes an unpaid appointment holds its place before it is released. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(120)
  PAYMENT_HOLD_MINUTES = 15;

  /** Appointments one patient profile may book per day (against scalpers). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  DAILY_BOOKING_LIMIT = 3;

  /** How long a worker's claim on a job lasts; a crashed worker's jobs are taken back after it. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  WORKER_LOCK_MS = 300_000;

  /** JSON: message kind → {"id": approved template id, "kind": "one_time"|"long_term"}. Required in production. */
  @IsOptional()
  @IsString()
  WECHAT_TEMPLATES?: string;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  WORKER_POLL_MS = 1000;

  /**
   * A folder laid out like the WeChat simulator's keys folder (merchant.json + the PEM files): fills every
   * WECHATPAY_* setting below that is not given. Development and tests point it at the simulator's keys.
   */
  @IsOptional()
  @IsString()
  WECHATPAY_KEYS_DIR?: string;

  @IsOptional()
  @Matches(/^\d{8,12}$/, { message: 'must be the merchant number (digits)' })
  WECHATPAY_MCHID?: string;

  /** The appid paying orders are made for; defaults to WECHAT_APPID. */
  @IsOptional()
  @Matches(/^wx[0-9a-f]{16}$/, { message: 'must be an appid like wx0123456789abcdef' })
  WECHATPAY_APPID?: string;

  @IsOptional()
  @Matches(/^[0-9A-Fa-f]{8,40}$/, { message: 'must be the merchant API certificate serial number (hex)' })
  WECHATPAY_MERCHANT_SERIAL_NO?: string;

  /** apiclient_key.pem */
  @IsOptional()
  @IsString()
  WECHATPAY_PRIVATE_KEY_FILE?: string;

  /** apiclient_cert.pem */
  @IsOptional()
  @IsString()
  WECHATPAY_MERCHANT_CERT_FILE?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9]{32}$/, { message: 'must be the 32-character APIv3 key' })
  WECHATPAY_APIV3_KEY?: string;

  /** Platform certificate mode: the WeChat Pay platform certificate (its serial is read from it). */
  @IsOptional()
  @IsString()
  WECHATPAY_PLATFORM_CERT_FILE?: string;

  /** Public-key mode: pub_key.pem and its id (PUB_KEY_ID_…). */
  @IsOptional()
  @IsString()
  WECHATPAY_PUBLIC_KEY_FILE?: string;

  @IsOptional()
  @Matches(/^PUB_KEY_ID_\w+$/, { message: 'must look like PUB_KEY_ID_…' })
  WECHATPAY_PUBLIC_KEY_ID?: string;

  /** https://api.mch.weixin.qq.com in production; the simulator's URL in development and tests. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WECHATPAY_API_BASE = 'https://api.mch.weixin.qq.com';

  /**
   * Where WeChat Pay posts notifications: this server's public https URL + /api/v1/payments/wechat/notify.
   * Required in production; elsewhere the server's own listening address is used.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  WECHATPAY_NOTIFY_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(60_000)
  WECHATPAY_TIMEOUT_MS = 10_000;

  /** Cancelled at least this many hours before the visit → full refund. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(720)
  CANCEL_FULL_REFUND_HOURS = 24;

  /** Cancelled later than that → this percentage of the fee back (0 = nothing). The hospital cancelling always refunds in full. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  CANCEL_LATE_REFUND_PERCENT = 0;

  /** Minutes a waitlisted patient has to take a freed place before it goes to the next. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(240)
  WAITLIST_OFFER_MINUTES = 15;

  /** Redis for fanning chat events out across server instances; without it events stay in this process. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be redis://host:port[/db] or rediss://…' })
  REDIS_URL?: string;

  /** Online follow-up needs an in-person visit to the department within this many days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CONSULT_FOLLOWUP_VISIT_DAYS = 180;

  /** The first answer is due this many minutes after the question (SLA); later → overdue and escalated to the lead. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_080)
  CONSULT_FIRST_RESPONSE_MINUTES = 120;

  /** A consultation nobody writes in for this many hours closes by itself. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2160)
  CONSULT_AUTO_CLOSE_HOURS = 48;

  /** Auto-assignment gives a doctor at most this many open consultations (claiming by hand is not capped). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  CONSULT_MAX_OPEN_PER_DOCTOR = 20;

  /** A patient profile has at most this many open consultations. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  CONSULT_MAX_OPEN_PER_PATIENT = 5;

  /** Fees in fen (0 = free). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  CONSULT_HEALTH_FEE = 0;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  CONSULT_FOLLOWUP_FEE = 0;

  /** Transcripts are kept this many days after a consultation ends; medical chat must be kept at least three years. */
  @Transform(toInt)
  @IsInt()
  @Min(1095, { message: 'medical chat must be kept at least three years (1095 days)' })
  @Max(36_500)
  CONSULT_RETENTION_DAYS = 1095;

  /** Minutes a patient has to pay a consultation's fee before it is cancelled (the hold time of the `consultation` purpose). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  CONSULT_PAY_MINUTES = 15;

  /**
   * Clinical staff reach a patient's record through a care relationship: an appointment or visit in their department
   * within this many days, a consultation assigned to them (or waiting in their department's pool). Otherwise only
   * by breaking the glass.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CARE_RELATIONSHIP_DAYS = 180;

  /** How long a "break the glass" read of a record outside one's care stays open (audited, shown to admins). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(1440)
  BREAK_GLASS_MINUTES = 60;

  /** Where uploaded images are kept: the local disk (under DATA_DIR/uploads unless STORAGE_DIR) or an S3-compatible bucket. */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  @IsOptional()
  @IsString()
  STORAGE_DIR?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  S3_REGION?: string;

  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style addressing (MinIO and most self-hosted S3-compatible stores). */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';

  /**
   * The Token of the mini-program's message push (admin console → 开发管理 → 消息推送): WeChat signs every event it
   * posts to /api/v1/wechat/push with it (media-check verdicts). Required in production; a fixed development value
   * otherwise (the start script gives the simulator the same one).
   */
  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.WECHAT_PUSH_TOKEN !== undefined)
  @Matches(/^[A-Za-z0-9]{3,32}$/, { message: 'must be 3–32 letters or digits (the Token set in the mini-program’s message push); required in production' })
  WECHAT_PUSH_TOKEN?: string;

  /**
   * This server's public origin as WeChat reaches it (`https://api.hospital.example`): the media check downloads
   * chat pictures from signed links under it. Required in production; otherwise the server's own address.
   */
  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.PUBLIC_BASE_URL !== undefined)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be the server’s public http(s) origin; required in production' },
  )
  PUBLIC_BASE_URL?: string;
}

/** The message-push Token outside production (never used in production: WECHAT_PUSH_TOKEN is required there). */
export const DEVELOPMENT_PUSH_TOKEN = 'YibanDevPushToken2026';

export interface WechatPayConfig {
  appid: string;
  mchid: string;
  merchantSerialNo: string;
  privateKeyPem: string;
  merchantCertificatePem: string;
  apiV3Key: string;
  /** Certificate mode: the platform certificate PEM, if configured (more are fetched from /v3/certificates). */
  platformCertificatePem: string | null;
  /** Public-key mode: the key and its id. */
  publicKey: { id: string; pem: string } | null;
  apiBase: string;
  notifyUrl: string | null;
  timeoutMs: number;
}

interface MerchantFolder {
  appid?: string;
  mchid?: string;
  apiV3Key?: string;
  merchantSerialNo?: string;
  publicKeyId?: string;
  files?: { merchantPrivateKey?: string; merchantCertificate?: string; platformCertificate?: string; publicKey?: string };
}

/** WeChat Pay settings from the WECHATPAY_* variables (and the keys folder); null when payments are not set up. */
function parseWechatPay(parsed: EnvSchema): { value: WechatPayConfig | null; problems: string[] } {
  const problems: string[] = [];
  let folder: MerchantFolder = {};
  const dir = parsed.WECHATPAY_KEYS_DIR ? path.resolve(parsed.WECHATPAY_KEYS_DIR) : null;
  if (dir) {
    try {
      folder = JSON.parse(readFileSync(path.join(dir, 'merchant.json'), 'utf8')) as MerchantFolder;
    } catch {
      problems.push(`WECHATPAY_KEYS_DIR = ${JSON.stringify(dir)}: no readable merchant.json there`);
    }
  }
  const inFolder = (file: string | undefined) => (dir && file ? path.join(dir, file) : undefined);
  const mchid = parsed.WECHATPAY_MCHID ?? folder.mchid;
  if (!mchid) {
    if (parsed.NODE_ENV === 'production') problems.push('WECHATPAY_MCHID = (missing): required in production (WeChat Pay merchant number)');
    return { value: null, problems };
  }
  const read = (name: string, file: string | undefined, required: boolean): string | null => {
    if (!file) {
      if (required) problems.push(`${name} = (missing): required with WECHATPAY_MCHID`);
      return null;
    }
    if (!existsSync(file)) {
      problems.push(`${name} = ${JSON.stringify(file)}: file not found`);
      return null;
    }
    return readFileSync(file, 'utf8');
  };
  const privateKeyPem = read('WECHATPAY_PRIVATE_KEY_FILE', parsed.WECHATPAY_PRIVATE_KEY_FILE ?? inFolder(folder.files?.merchantPrivateKey), true);
  const merchantCertificatePem = read('WECHATPAY_MERCHANT_CERT_FILE', parsed.WECHATPAY_MERCHANT_CERT_FILE ?? inFolder(folder.files?.merchantCertificate), true);
  const platformCertificatePem = read(
    'WECHATPAY_PLATFORM_CERT_FILE',
    parsed.WECHATPAY_PLATFORM_CERT_FILE ?? inFolder(folder.files?.platformCertificate),
    false,
  );
  const publicKeyPem = read('WECHATPAY_PUBLIC_KEY_FILE', parsed.WECHATPAY_PUBLIC_KEY_FILE ?? inFolder(folder.files?.publicKey), false);
  const publicKeyId = parsed.WECHATPAY_PUBLIC_KEY_ID ?? folder.publicKeyId;
  const apiV3Key = parsed.WECHATPAY_APIV3_KEY ?? folder.apiV3Key;
  const merchantSerialNo = parsed.WECHATPAY_MERCHANT_SERIAL_NO ?? folder.merchantSerialNo;
  if (!apiV3Key || !/^[A-Za-z0-9]{32}$/.test(apiV3Key)) problems.push('WECHATPAY_APIV3_KEY = (hidden): the 32-character APIv3 key is required');
  if (!merchantSerialNo) problems.push('WECHATPAY_MERCHANT_SERIAL_NO = (missing): required with WECHATPAY_MCHID');
  if (publicKeyPem && !publicKeyId) problems.push('WECHATPAY_PUBLIC_KEY_ID = (missing): required with WECHATPAY_PUBLIC_KEY_FILE');
  if (parsed.NODE_ENV === 'production' && !parsed.WECHATPAY_NOTIFY_URL) {
    problems.push('WECHATPAY_NOTIFY_URL = (missing): required in production (https://<public host>/api/v1/payments/wechat/notify)');
  }
  if (problems.length || !privateKeyPem || !merchantCertificatePem || !apiV3Key || !merchantSerialNo) return { value: null, problems };
  return {
    value: {
      appid: parsed.WECHATPAY_APPID ?? parsed.WECHAT_APPID,
      mchid,
      merchantSerialNo: merchantSerialNo.toUpperCase(),
      privateKeyPem,
      merchantCertificatePem,
      apiV3Key,
      platformCertificatePem,
      publicKey: publicKeyPem && publicKeyId ? { id: publicKeyId, pem: publicKeyPem } : null,
      apiBase: parsed.WECHATPAY_API_BASE.replace(/\/+$/, ''),
      notifyUrl: parsed.WECHATPAY_NOTIFY_URL ?? null,
      timeoutMs: parsed.WECHATPAY_TIMEOUT_MS,
    },
    problems,
  };
}

export type StorageConfig =
  | { driver: 'local'; dir: string }
  | { driver: 's3'; endpoint: string | null; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };

function parseStorage(parsed: EnvSchema, dataDir: string): { value: StorageConfig | null; problems: string[] } {
  if (parsed.STORAGE_DRIVER === 'local')
    return { value: { driver: 'local', dir: path.resolve(parsed.STORAGE_DIR ?? path.join(dataDir, 'uploads')) }, problems: [] };
  const problems = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
    .filter((name) => !parsed[name])
    .map((name) => `${name} = (missing): required with STORAGE_DRIVER=s3`);
  if (problems.length) return { value: null, problems };
  return {
    value: {
      driver: 's3',
      endpoint: parsed.S3_ENDPOINT ?? null,
      region: parsed.S3_REGION ?? 'us-east-1',
      bucket: parsed.S3_BUCKET as string,
      accessKeyId: parsed.S3_ACCESS_KEY_ID as string,
      secretAccessKey: parsed.S3_SECRET_ACCESS_KEY as string,
      forcePathStyle: parsed.S3_FORCE_PATH_STYLE === 'true',
    },
    problems: [],
  };
}

export type DatabaseConfig = { type: 'mysql' | 'mariadb'; url: string } | { type: 'sqlite'; file: string };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: DatabaseConfig;
  dataDir: string;
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    loginRateLimitPerMinute: number;
    staffLoginFailuresPerAccount: number;
    staffLoginPerAddressPerMinute: number;
    sessionCheckCacheMs: number;
  };
  /** Express's `trust proxy`: a hop count or a list of addresses/ranges. */
  trustProxy: number | string;
  dataEncryptionKey: Buffer;
  wechat: { appid: string; secret: string; apiBase: string; timeoutMs: number };
  maxProfilesPerAccount: number;
  log: { level: string; pretty: boolean };
  role: 'api' | 'worker' | 'all';
  templates: Record<MessageKind, { id: string; kind: SubscriptionKind }>;
  /** The hospital's IANA time zone: schedules, booking days, and quiet hours for patients without their own. */
  timeZone: string;
  messaging: {
    quietHours: { start: number; end: number };
    marketingCapPerWeek: number;
    /** Bulk sends: the global rate, the batch one drain lane claims, and the lease of a claimed send. */
    sendRatePerSecond: number;
    sendBatch: number;
    sendLeaseMs: number;
  };
  worker: { concurrency: number; pollMs: number; lockMs: number };
  /** Hours to resolve a service issue before it is escalated. */
  serviceIssueSlaHours: number;
  booking: {
    dailyLimit: number;
    /** Cancelled at least this long before the visit → full refund; later → lateRefundPercent. */
    cancelFullRefundHours: number;
    lateRefundPercent: number;
    waitlistOfferMinutes: number;
  };
  /** WeChat Pay; null when not set up (paid slots then cannot be booked). */
  wechatPay: WechatPayConfig | null;
  /** How long a patient has to pay, per thing sold (the checkout's hold time per payment purpose). */
  payments: { holdMinutes: { appointment: number; consultation: number } };
  access: { careRelationshipDays: number; breakGlassMinutes: number };
  consultations: {
    followupVisitDays: number;
    firstResponseMinutes: number;
    autoCloseHours: number;
    maxOpenPerDoctor: number;
    maxOpenPerPatient: number;
    /** Integer fen per kind; 0 = free. */
    fees: { health_consult: number; online_followup: number };
    retentionDays: number;
  };
  storage: StorageConfig;
  /** Set → chat events fan out through Redis pub/sub to every instance. */
  redisUrl: string | null;
  corsOrigins: string[] | true;
  /** The mini-program's message push (events WeChat posts to /api/v1/wechat/push): the Token it signs them with. */
  wechatPush: { token: string };
  /** This server's public origin (no trailing slash) for URLs WeChat fetches; null = its own listening address. */
  publicBaseUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: false });
  const templates = parseTemplates(parsed.WECHAT_TEMPLATES, parsed.NODE_ENV === 'production');
  // A browser origin allow-list is part of production's security: reflecting every origin is for development only.
  const corsProblem =
    parsed.NODE_ENV === 'production' && !parsed.CORS_ORIGINS?.trim()
      ? 'CORS_ORIGINS = (missing): required in production (comma-separated origins of the staff console and H5 app)'
      : undefined;
  const zoneProblem = validTimeZone(parsed.TIME_ZONE)
    ? undefined
    : `TIME_ZONE = ${JSON.stringify(parsed.TIME_ZONE)}: not an IANA time zone (e.g. Asia/Shanghai)`;
  const pay = errors.length ? { value: null, problems: [] } : parseWechatPay(parsed);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const storage = errors.length ? { value: null, problems: [] } : parseStorage(parsed, dataDir);
  if (errors.length || templates.problem || zoneProblem || corsProblem || pay.problems.length || storage.problems.length) {
    throw new ConfigError([
      ...errors.map((e) => {
        const shown = e.property.includes('SECRET') || e.property.includes('KEY') ? '(hidden)' : JSON.stringify(e.value ?? null);
        const why = Object.values(e.constraints ?? {}).join('; ');
        return `${e.property} = ${e.value === undefined ? '(missing)' : shown}: ${why}`;
      }),
      ...(templates.problem ? [templates.problem] : []),
      ...(zoneProblem ? [zoneProblem] : []),
      ...(corsProblem ? [corsProblem] : []),
      ...pay.problems,
      ...storage.problems,
    ]);
  }
  const database: DatabaseConfig = parsed.DATABASE_URL
    ? { type: parsed.DATABASE_URL.startsWith('mariadb:') ? 'mariadb' : 'mysql', url: parsed.DATABASE_URL.replace(/^mariadb:/, 'mysql:') }
    : { type: 'sqlite', file: path.join(dataDir, 'yiban.sqlite') };
  return {
    env: parsed.NODE_ENV,
    port: parsed.PORT,
    host: parsed.HOST,
    database,
    dataDir,
    auth: {
      jwtSecret: parsed.JWT_SECRET,
      accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: parsed.REFRESH_TOKEN_TTL_DAYS,
      loginRateLimitPerMinute: parsed.LOGIN_RATE_LIMIT_PER_MINUTE,
      staffLoginFailuresPerAccount: parsed.STAFF_LOGIN_FAILURES_PER_ACCOUNT,
      staffLoginPerAddressPerMinute: parsed.STAFF_LOGIN_PER_ADDRESS_PER_MINUTE,
      sessionCheckCacheMs: parsed.SESSION_CHECK_CACHE_MS,
    },
    trustProxy: !parsed.TRUST_PROXY ? 'loopback' : /^\d+$/.test(parsed.TRUST_PROXY) ? Number(parsed.TRUST_PROXY) : parsed.TRUST_PROXY,
    dataEncryptionKey: Buffer.from(parsed.DATA_ENCRYPTION_KEY, 'base64'),
    wechat: {
      appid: parsed.WECHAT_APPID,
      secret: parsed.WECHAT_SECRET,
      apiBase: parsed.WECHAT_API_BASE.replace(/\/+$/, ''),
      timeoutMs: parsed.WECHAT_TIMEOUT_MS,
    },
    maxProfilesPerAccount: parsed.MAX_PROFILES_PER_ACCOUNT,
    log: { level: parsed.LOG_LEVEL, pretty: parsed.LOG_PRETTY === 'true' },
    role: parsed.ROLE,
    templates: templates.value as AppConfig['templates'],
    booking: {
      dailyLimit: parsed.DAILY_BOOKING_LIMIT,
      cancelFullRefundHours: parsed.CANCEL_FULL_REFUND_HOURS,
      lateRefundPercent: parsed.CANCEL_LATE_REFUND_PERCENT,
      waitlistOfferMinutes: parsed.WAITLIST_OFFER_MINUTES,
    },
    wechatPay: pay.value,
    payments: { holdMinutes: { appointment: parsed.PAYMENT_HOLD_MINUTES, consultation: parsed.CONSULT_PAY_MINUTES } },
    access: { careRelationshipDays: parsed.CARE_RELATIONSHIP_DAYS, breakGlassMinutes: parsed.BREAK_GLASS_MINUTES },
    consultations: {
      followupVisitDays: parsed.CONSULT_FOLLOWUP_VISIT_DAYS,
      firstResponseMinutes: parsed.CONSULT_FIRST_RESPONSE_MINUTES,
      autoCloseHours: parsed.CONSULT_AUTO_CLOSE_HOURS,
      maxOpenPerDoctor: parsed.CONSULT_MAX_OPEN_PER_DOCTOR,
      maxOpenPerPatient: parsed.CONSULT_MAX_OPEN_PER_PATIENT,
      fees: { health_consult: parsed.CONSULT_HEALTH_FEE, online_followup: parsed.CONSULT_FOLLOWUP_FEE },
      retentionDays: parsed.CONSULT_RETENTION_DAYS,
    },
    storage: storage.value as StorageConfig,
    redisUrl: parsed.REDIS_URL ?? null,
    timeZone: parsed.TIME_ZONE,
    messaging: {
      quietHours: parseQuietHours(parsed.QUIET_HOURS),
      marketingCapPerWeek: parsed.MARKETING_CAP_PER_WEEK,
      sendRatePerSecond: parsed.WECHAT_SEND_RATE_PER_SECOND,
      sendBatch: parsed.WECHAT_SEND_BATCH,
      sendLeaseMs: parsed.WECHAT_SEND_LEASE_MS,
    },
    worker: { concurrency: parsed.WORKER_CONCURRENCY, pollMs: parsed.WORKER_POLL_MS, lockMs: parsed.WORKER_LOCK_MS },
    serviceIssueSlaHours: parsed.SERVICE_ISSUE_SLA_HOURS,
    // Bearer tokens, not cookies, so reflecting origins in development is harmless; production lists them.
    corsOrigins: parsed.CORS_ORIGINS
      ? parsed.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : parsed.NODE_ENV === 'production'
        ? []
        : true,
    wechatPush: { token: parsed.WECHAT_PUSH_TOKEN ?? DEVELOPMENT_PUSH_TOKEN },
    publicBaseUrl: parsed.PUBLIC_BASE_URL ? parsed.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
