import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStorage } from './object-storage.js';
import { S3ObjectStorage, type S3StorageConfig } from './s3-object-storage.js';

/**
 * Against a real S3 server over HTTP: @20minutes/s3rver, the maintained fork of s3rver (the original, 3.7.1, is
 * unmaintained and does not check SigV4 signatures; this fork does, so the credentials are tested too).
 * The bucket is made by the server's own `configureBuckets`: the fork miscomputes the signature of
 * CreateBucket as the SDK sends it (path `/<bucket>/`), while object requests are checked correctly.
 */
type S3rverOptions = { port: number; address: string; silent: boolean; directory: string; configureBuckets: { name: string }[] };
type S3rverServer = { run(): Promise<{ address: string; port: number }>; close(): Promise<void> };
const S3rver = createRequire(import.meta.url)('@20minutes/s3rver') as new (options: S3rverOptions) => S3rverServer;

const BUCKET = 'yiban-chat-images';
const KEY = 'consultations/2026/11/01JD3S5Q9Z8X7W6V5T4R3P2N1M.jpg';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

describe('S3ObjectStorage against s3rver', () => {
  let dir: string;
  let server: S3rverServer;
  let config: S3StorageConfig;
  let storage: S3ObjectStorage;
  const others: S3ObjectStorage[] = [];
  const other = (overrides: Partial<S3StorageConfig>) => {
    const s = new S3ObjectStorage({ ...config, ...overrides });
    others.push(s);
    return s;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yiban-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
    const { port } = await server.run();
    config = {
      driver: 's3',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'cn-north-1',
      bucket: BUCKET,
      accessKeyId: 'S3RVER', // s3rver's built-in account
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    };
    const created = createObjectStorage(config);
    expect(created).toBeInstanceOf(S3ObjectStorage);
    storage = created as S3ObjectStorage;
  });

  afterAll(async () => {
    for (const s of [storage, ...others]) s?.onModuleDestroy();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('puts, gets and deletes an object', async () => {
    await storage.put(KEY, JPEG, 'image/jpeg');
    expect(await storage.get(KEY)).toEqual({ body: JPEG, contentType: 'image/jpeg' });

    await storage.delete(KEY);
    expect(await storage.get(KEY)).toBeNull();
  });

  it('replaces an object put again under the same key', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await storage.put(KEY, JPEG, 'image/jpeg');
    await storage.put(KEY, png, 'image/png');
    expect(await storage.get(KEY)).toEqual({ body: png, contentType: 'image/png' });
    await storage.delete(KEY);
  });

  it('carries a larger image intact', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    await storage.put(KEY, big, 'image/webp');
    const got = await storage.get(KEY);
    expect(got?.contentType).toBe('image/webp');
    expect(got?.body.equals(big)).toBe(true);
    await storage.delete(KEY);
  });

  it('answers null for an absent object, and deleting one is fine', async () => {
    expect(await storage.get('consultations/2026/11/absent.jpg')).toBeNull();
    await expect(storage.delete('consultations/2026/11/absent.jpg')).resolves.toBeUndefined();
  });

  it('refuses bad keys before sending anything', async () => {
    for (const key of ['../x.jpg', '/x.jpg', 'a\\b.jpg', 'a b.jpg', 'a//b.jpg', '']) {
      await expect(storage.put(key, JPEG, 'image/jpeg')).rejects.toThrow(/invalid object storage key/);
      await expect(storage.get(key)).rejects.toThrow(/invalid object storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/invalid object storage key/);
    }
  });

  it('fails, rather than answering null, when the bucket is missing or the secret is wrong', async () => {
    await expect(other({ bucket: 'no-such-bucket' }).get(KEY)).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(other({ secretAccessKey: 'wrong' }).get(KEY)).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(other({ secretAccessKey: 'wrong' }).put(KEY, JPEG, 'image/jpeg')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(await storage.get(KEY)).toBeNull();
  });
});
