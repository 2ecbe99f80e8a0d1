import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { assertValidContentType, assertValidObjectKey, type ObjectStorage, type StoredObject } from './object-storage.js';

const META_SUFFIX = '.meta.json';
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/**
 * Objects as files under `dir`: key `consultations/2026/11/<ulid>.jpg` is the file `<dir>/consultations/2026/11/<ulid>.jpg`.
 *
 * The content type is kept in a sidecar `<file>.meta.json` rather than derived from the extension: it gives back exactly
 * what was put (as S3 does), with no extension table to keep in step with the upload rules, and the image file itself
 * stays a plain image. The body file is the commit point: put writes the sidecar first and the body last, delete
 * removes the body first, so an object that can be read always has its sidecar (a body left without one after a crash
 * reads as application/octet-stream). Each file is written to a temp file in the same folder, flushed, and renamed
 * over the target, so a reader sees the old file or the new one, never half a file. (Keys are unique per upload;
 * a reader racing an overwrite with a different content type could pair the new type with the old body.)
 *
 * `implements`, not `extends`: object-storage.ts imports this file for its factory, and a runtime `extends` across
 * that cycle would fail depending on which module loads first.
 */
export class LocalObjectStorage implements ObjectStorage {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertValidContentType(contentType);
    const file = this.pathOf(key);
    await mkdir(dirname(file), { recursive: true });
    await writeAtomically(file + META_SUFFIX, Buffer.from(JSON.stringify({ contentType })));
    await writeAtomically(file, body);
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    return { body, contentType: await readContentType(file + META_SUFFIX) };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await removeIfPresent(file);
    await removeIfPresent(file + META_SUFFIX);
  }

  private pathOf(key: string): string {
    assertValidObjectKey(key);
    // A key ending in the sidecar suffix would be another object's metadata file.
    if (key.endsWith(META_SUFFIX)) throw new Error(`invalid object storage key ${JSON.stringify(key)}: reserved suffix ${META_SUFFIX}`);
    const file = join(this.root, key);
    if (!file.startsWith(this.root + sep)) throw new Error(`invalid object storage key ${JSON.stringify(key)}: outside the storage folder`);
    return file;
  }
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function readContentType(metaFile: string): Promise<string> {
  try {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { contentType?: unknown };
    return typeof meta.contentType === 'string' ? meta.contentType : FALLBACK_CONTENT_TYPE;
  } catch (err) {
    if (isNotFound(err)) return FALLBACK_CONTENT_TYPE;
    throw err;
  }
}

async function removeIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** No file at this path: nothing there, a folder there (the key is a prefix of other keys), or a file where a folder should be. */
function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
