import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_FILES, type MerchantJson } from '../src/index.js';
import { startQuiet } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wechat-sim-keys-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const readKeyFiles = async (): Promise<Record<string, string>> =>
  Object.fromEntries(await Promise.all(Object.values(KEY_FILES).map(async (file) => [file, await readFile(join(dir, file), 'utf8')] as const)));

/** True when data signed with the private key verifies with the public key. */
function pairs(privateKeyPem: string, publicKey: ReturnType<typeof createPublicKey>): boolean {
  const data = Buffer.from('GET\n/v3/certificates\n1700000000\nnonce\n\n');
  return verify('RSA-SHA256', data, publicKey, sign('RSA-SHA256', data, createPrivateKey(privateKeyPem)));
}

describe('key material', () => {
  it('is generated once in the keys folder and reused on restart', async () => {
    const first = await startQuiet({ keysDir: dir, apps: [{ appid: 'wx1111111111111111', secret: 's1' }] });
    await first.close();
    const files = await readKeyFiles();
    const merchant = JSON.parse(files[KEY_FILES.merchantJson]!) as MerchantJson;
    expect(merchant).toEqual({
      appid: 'wx1111111111111111',
      mchid: expect.stringMatching(/^1\d{9}$/),
      apiV3Key: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      merchantSerialNo: expect.stringMatching(/^[0-9A-F]{40}$/),
      platformSerialNo: expect.stringMatching(/^[0-9A-F]{40}$/),
      publicKeyId: expect.stringMatching(new RegExp(`^PUB_KEY_ID_01${merchant.mchid}\\d{22}$`)),
      files: {
        merchantPrivateKey: 'apiclient_key.pem',
        merchantCertificate: 'apiclient_cert.pem',
        platformCertificate: 'wechatpay_platform_cert.pem',
        publicKey: 'pub_key.pem',
      },
    });
    expect((await stat(join(dir, KEY_FILES.merchantPrivateKey))).mode & 0o777).toBe(0o600);

    const second = await startQuiet({ keysDir: dir, apps: [{ appid: 'wx1111111111111111', secret: 's1' }] });
    await second.close();
    expect(await readKeyFiles()).toEqual(files);
    expect(second.keys).toMatchObject({ mchid: merchant.mchid, apiV3Key: merchant.apiV3Key, dir });
    expect(second.keys.merchant.serialNo).toBe(merchant.merchantSerialNo);
    expect(second.keys.platform.serialNo).toBe(merchant.platformSerialNo);
    expect(second.keys.publicKey.id).toBe(merchant.publicKeyId);
  });

  it('pairs each certificate and public key with its private key', async () => {
    const files = await readKeyFiles();
    const merchantCert = new X509Certificate(files[KEY_FILES.merchantCertificate]!);
    expect(merchantCert.checkPrivateKey(createPrivateKey(files[KEY_FILES.merchantPrivateKey]!))).toBe(true);
    expect(pairs(files[KEY_FILES.merchantPrivateKey]!, merchantCert.publicKey)).toBe(true);
    expect(merchantCert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(merchantCert.serialNumber.toUpperCase()).toBe(JSON.parse(files[KEY_FILES.merchantJson]!).merchantSerialNo);

    const platformCert = new X509Certificate(files[KEY_FILES.platformCertificate]!);
    expect(pairs(files[KEY_FILES.platformPrivateKey]!, platformCert.publicKey)).toBe(true);
    expect(pairs(files[KEY_FILES.publicKeyPrivateKey]!, createPublicKey(files[KEY_FILES.publicKey]!))).toBe(true);
    expect(pairs(files[KEY_FILES.merchantPrivateKey]!, platformCert.publicKey)).toBe(false);
  });

  it('follows a new appid without touching the keys', async () => {
    const before = await readKeyFiles();
    const sim = await startQuiet({ keysDir: dir, apps: [{ appid: 'wx2222222222222222', secret: 's2' }] });
    await sim.close();
    const after = await readKeyFiles();
    expect(JSON.parse(after[KEY_FILES.merchantJson]!).appid).toBe('wx2222222222222222');
    expect(after[KEY_FILES.merchantPrivateKey]).toBe(before[KEY_FILES.merchantPrivateKey]);
  });

  it('lives in memory when no folder is given', async () => {
    const sim = await startQuiet();
    await sim.close();
    expect(sim.keys.dir).toBeNull();
    expect(new X509Certificate(sim.keys.merchant.certificatePem).checkPrivateKey(sim.keys.merchant.privateKey)).toBe(true);
  });
});
