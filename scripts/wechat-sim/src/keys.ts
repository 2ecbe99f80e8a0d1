import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { randomDigits, randomString } from './ids.js';
import { x509 } from './x509.js';

/** An RSA key with its certificate: the merchant's API certificate, or WeChat Pay's platform certificate. */
export interface CertifiedKey {
  privateKey: KeyObject;
  privateKeyPem: string;
  certificatePem: string;
  /** Upper-case hex, as WeChat Pay prints serial numbers. */
  serialNo: string;
}

/** WeChat Pay's newer "public key" mode: a bare key with an id (`PUB_KEY_ID_…`) instead of a certificate. */
export interface WechatPayPublicKey {
  id: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export interface SimKeys {
  /** Where the files live; null when generated in memory only. */
  dir: string | null;
  appid: string;
  mchid: string;
  /** The 32-character APIv3 key: AES-256-GCM key for notifications and platform certificates. */
  apiV3Key: string;
  merchant: CertifiedKey;
  platform: CertifiedKey;
  publicKey: WechatPayPublicKey;
}

/**
 * File names inside the keys folder. The top level is what a real merchant holds; `simulator/` holds
 * WeChat Pay's own private keys, which only the simulator reads.
 */
export const KEY_FILES = {
  merchantJson: 'merchant.json',
  merchantPrivateKey: 'apiclient_key.pem',
  merchantCertificate: 'apiclient_cert.pem',
  platformCertificate: 'wechatpay_platform_cert.pem',
  publicKey: 'pub_key.pem',
  platformPrivateKey: 'simulator/platform_key.pem',
  publicKeyPrivateKey: 'simulator/pub_key_private.pem',
} as const;

/** The contents of merchant.json: everything a server needs to configure WeChat Pay against the simulator. */
export interface MerchantJson {
  appid: string;
  mchid: string;
  apiV3Key: string;
  merchantSerialNo: string;
  platformSerialNo: string;
  publicKeyId: string;
  files: {
    merchantPrivateKey: string;
    merchantCertificate: string;
    platformCertificate: string;
    publicKey: string;
  };
}

const RSA_SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const CERT_VALIDITY_YEARS = 5;
const generateRsa = promisify(generateKeyPair);

/**
 * The simulator's key material. With a folder: read it when complete, else generate it all and write it
 * (merchant.json last, so an interrupted run regenerates). Without one: generate in memory.
 */
export async function loadOrCreateKeys(dir: string | undefined, appid: string, logger: (line: string) => void): Promise<SimKeys> {
  if (dir && Object.values(KEY_FILES).every((file) => existsSync(join(dir, file)))) {
    const keys = await readKeys(dir, appid).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`wechat-sim: the keys in ${dir} are unusable (${reason}); delete the folder to generate new ones`);
    });
    if (keys.appid !== appid) {
      keys.appid = appid;
      await writeFile(join(dir, KEY_FILES.merchantJson), describe(keys));
    }
    logger(`wechat-sim keys loaded from ${dir} (mchid ${keys.mchid})`);
    return keys;
  }

  const keys = await generateKeys(dir ?? null, appid);
  if (dir) {
    await writeKeys(dir, keys);
    logger(`wechat-sim keys generated in ${dir} (mchid ${keys.mchid})`);
  }
  return keys;
}

async function generateKeys(dir: string | null, appid: string): Promise<SimKeys> {
  const mchid = `1${randomDigits(9)}`;
  const [merchant, platform, publicKeyPair] = await Promise.all([
    certifiedKey(`CN=${mchid}, OU=${mchid}, O=WeChat Pay Simulator Merchant, L=Shenzhen, C=CN`),
    certifiedKey('CN=Tenpay.com sign, OU=Tenpay.com CA Center, O=Tenpay.com, L=Shenzhen, C=CN'),
    generateRsa('rsa', { modulusLength: 2048 }),
  ]);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return {
    dir,
    appid,
    mchid,
    apiV3Key: randomString(32),
    merchant,
    platform,
    publicKey: {
      id: `PUB_KEY_ID_01${mchid}${day}${randomDigits(14)}`,
      privateKey: publicKeyPair.privateKey,
      publicKeyPem: publicKeyPair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  };
}

async function certifiedKey(subject: string): Promise<CertifiedKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), RSA_SIGNING, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), RSA_SIGNING, true, ['verify']),
  };
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + CERT_VALIDITY_YEARS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerialNumber(),
    name: subject,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: RSA_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment, true),
    ],
  });
  const certificatePem = certificate.toString('pem');
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem,
    serialNo: new X509Certificate(certificatePem).serialNumber.toUpperCase(),
  };
}

/** 20 bytes like WeChat Pay's serials; the top byte keeps the integer positive and the hex 40 digits long. */
function newSerialNumber(): string {
  const bytes = randomBytes(20);
  bytes[0] = 0x10 | (bytes[0]! & 0x6f);
  return bytes.toString('hex');
}

async function writeKeys(dir: string, keys: SimKeys): Promise<void> {
  const files: [string, string][] = [
    [KEY_FILES.merchantPrivateKey, keys.merchant.privateKeyPem],
    [KEY_FILES.merchantCertificate, keys.merchant.certificatePem],
    [KEY_FILES.platformCertificate, keys.platform.certificatePem],
    [KEY_FILES.publicKey, keys.publicKey.publicKeyPem],
    [KEY_FILES.platformPrivateKey, keys.platform.privateKeyPem],
    [KEY_FILES.publicKeyPrivateKey, keys.publicKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
    [KEY_FILES.merchantJson, describe(keys)],
  ];
  for (const [file, contents] of files) {
    const path = join(dir, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contents, { mode: 0o600 });
  }
}

function describe(keys: SimKeys): string {
  const json: MerchantJson = {
    appid: keys.appid,
    mchid: keys.mchid,
    apiV3Key: keys.apiV3Key,
    merchantSerialNo: keys.merchant.serialNo,
    platformSerialNo: keys.platform.serialNo,
    publicKeyId: keys.publicKey.id,
    files: {
      merchantPrivateKey: KEY_FILES.merchantPrivateKey,
      merchantCertificate: KEY_FILES.merchantCertificate,
      platformCertificate: KEY_FILES.platformCertificate,
      publicKey: KEY_FILES.publicKey,
    },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

async function readKeys(dir: string, appid: string): Promise<SimKeys> {
  const read = (file: string): Promise<string> => readFile(join(dir, file), 'utf8');
  const meta = JSON.parse(await read(KEY_FILES.merchantJson)) as Partial<MerchantJson>;
  if (!meta.mchid || !meta.apiV3Key || meta.apiV3Key.length !== 32 || !meta.publicKeyId) throw new Error('merchant.json is incomplete');

  const merchant = readCertifiedKey(await read(KEY_FILES.merchantPrivateKey), await read(KEY_FILES.merchantCertificate));
  const platform = readCertifiedKey(await read(KEY_FILES.platformPrivateKey), await read(KEY_FILES.platformCertificate));
  const publicKeyPem = await read(KEY_FILES.publicKey);
  const publicKeyPrivate = createPrivateKey(await read(KEY_FILES.publicKeyPrivateKey));
  if (!sameKey(createPublicKey(publicKeyPrivate), createPublicKey(publicKeyPem))) throw new Error(`${KEY_FILES.publicKey} does not match its private key`);

  return {
    dir,
    appid: meta.appid ?? appid,
    mchid: meta.mchid,
    apiV3Key: meta.apiV3Key,
    merchant,
    platform,
    publicKey: { id: meta.publicKeyId, privateKey: publicKeyPrivate, publicKeyPem },
  };
}

function readCertifiedKey(privateKeyPem: string, certificatePem: string): CertifiedKey {
  const privateKey = createPrivateKey(privateKeyPem);
  const certificate = new X509Certificate(certificatePem);
  if (!certificate.checkPrivateKey(privateKey)) throw new Error(`certificate ${certificate.serialNumber} does not match its private key`);
  return { privateKey, privateKeyPem, certificatePem, serialNo: certificate.serialNumber.toUpperCase() };
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}
