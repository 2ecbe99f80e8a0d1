import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalObjectStorage } from './local-object-storage.js';
import { createObjectStorage, type ObjectStorage } from './object-storage.js';

const KEY = 'consultations/2026/11/01JD3S5Q9Z8X7W6V5T4R3P2N1M.jpg';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('LocalObjectStorage', () => {
  let dir: string;
  let storage: ObjectStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yiban-storage-'));
    storage = createObjectStorage({ driver: 'local', dir });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is what createObjectStorage gives for the local driver', () => {
    expect(storage).toBeInstanceOf(LocalObjectStorage);
  });

  it('puts, gets and deletes an object, as a plain file under the folder with its content type beside it', async () => {
    await storage.put(KEY, JPEG, 'image/jpeg');

    expect(await storage.get(KEY)).toEqual({ body: JPEG, contentType: 'image/jpeg' });
    expect(await readFile(join(dir, KEY))).toEqual(JPEG);
    expect(await filesUnder(dir)).toEqual([KEY, `${KEY}.meta.json`]); // folders created, no temp file left behind

    await storage.delete(KEY);
    expect(await storage.get(KEY)).toBeNull();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('replaces an object put again under the same key', async () => {
    await storage.put(KEY, JPEG, 'image/jpeg');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await storage.put(KEY, png, 'image/png');

    expect(await storage.get(KEY)).toEqual({ body: png, contentType: 'image/png' });
    expect(await filesUnder(dir)).toEqual([KEY, `${KEY}.meta.json`]);
  });

  it('stores an empty body', async () => {
    await storage.put(KEY, Buffer.alloc(0), 'image/jpeg');
    expect(await storage.get(KEY)).toEqual({ body: Buffer.alloc(0), contentType: 'image/jpeg' });
  });

  it('answers null for an absent object, and deleting one is fine', async () => {
    expect(await storage.get(KEY)).toBeNull();
    await expect(storage.delete(KEY)).resolves.toBeUndefined();

    // A key that is a folder of other objects, or that goes through a file, holds no object either.
    await storage.put(KEY, JPEG, 'image/jpeg');
    expect(await storage.get('consultations/2026')).toBeNull();
    expect(await storage.get(`${KEY}/more.jpg`)).toBeNull();
    await storage.delete('consultations/2026');
    expect(await storage.get(KEY)).not.toBeNull();
  });

  it('reads a body whose sidecar is missing (crash between the two writes) as application/octet-stream', async () => {
    await storage.put(KEY, JPEG, 'image/jpeg');
    await rm(join(dir, `${KEY}.meta.json`));
    expect(await storage.get(KEY)).toEqual({ body: JPEG, contentType: 'application/octet-stream' });
  });

  it('never lets a reader see half a file while the object is being replaced', async () => {
    const a = Buffer.alloc(4 * 1024 * 1024, 'a');
    const b = Buffer.alloc(4 * 1024 * 1024, 'b');
    await storage.put(KEY, a, 'image/jpeg');

    const writes = Array.from({ length: 10 }, (_, i) => storage.put(KEY, i % 2 ? a : b, 'image/jpeg'));
    const reads = Array.from({ length: 30 }, () => storage.get(KEY));
    await Promise.all(writes);
    for (const read of await Promise.all(reads)) {
      expect(read).not.toBeNull();
      expect(read!.body.equals(a) || read!.body.equals(b)).toBe(true);
    }
    expect(await filesUnder(dir)).toEqual([KEY, `${KEY}.meta.json`]);
  });

  it.each([
    '../escape.jpg',
    'consultations/../../escape.jpg',
    'consultations/2026/11/..',
    'consultations/x..jpg',
    '/etc/passwd',
    'consultations\\2026\\x.jpg',
    'consultations/2026/11/a b.jpg',
    'consultations/2026/11/图片.jpg',
    'consultations/2026/11/x.jpg?v=1',
    'consultations//x.jpg',
    'consultations/',
    './x.jpg',
    'consultations/./x.jpg',
    '',
    `${KEY}.meta.json`,
  ])('refuses the key %j on put, get and delete', async (key) => {
    await expect(storage.put(key, JPEG, 'image/jpeg')).rejects.toThrow(/invalid object storage key/);
    await expect(storage.get(key)).rejects.toThrow(/invalid object storage key/);
    await expect(storage.delete(key)).rejects.toThrow(/invalid object storage key/);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('refuses a key longer than S3 allows (1,024 characters)', async () => {
    const keyOfLength = (n: number) => Array.from({ length: n }, (_, i) => (i % 100 === 99 ? '/' : 'x')).join('');
    await storage.put(keyOfLength(1024), JPEG, 'image/jpeg');
    await expect(storage.put(keyOfLength(1025), JPEG, 'image/jpeg')).rejects.toThrow(/invalid object storage key/);
  });

  it('refuses a content type that is not a header value', async () => {
    await expect(storage.put(KEY, JPEG, '')).rejects.toThrow(/invalid content type/);
    await expect(storage.put(KEY, JPEG, 'image/jpeg\r\nX-Evil: 1')).rejects.toThrow(/invalid content type/);
    expect(await storage.get(KEY)).toBeNull();
  });

  it('reads what another instance wrote over the same folder (the sidecar is plain JSON)', async () => {
    await storage.put(KEY, JPEG, 'image/jpeg');
    await writeFile(join(dir, `${KEY}.meta.json`), JSON.stringify({ contentType: 'image/webp' }));
    expect((await new LocalObjectStorage(dir).get(KEY))?.contentType).toBe('image/webp');
  });
});
