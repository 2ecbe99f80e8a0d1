import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '../../config/config.js';
import { assertValidContentType, assertValidObjectKey, type ObjectStorage, type StoredObject } from './object-storage.js';

export type S3StorageConfig = Extract<StorageConfig, { driver: 's3' }>;

/**
 * Objects in one bucket of AWS S3 or an S3-compatible service (endpoint set; path-style addressing for most self-hosted ones).
 * `implements`, not `extends`: see LocalObjectStorage.
 */
export class S3ObjectStorage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertValidObjectKey(key);
    assertValidContentType(contentType);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  async get(key: string): Promise<StoredObject | null> {
    assertValidObjectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new Error(`S3 GetObject ${key}: response without a body`);
      const bytes = await out.Body.transformToByteArray();
      return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      // Only a missing key is "absent": a missing bucket (NoSuchBucket) or denied access is a configuration error.
      if (err instanceof NoSuchKey || (err as Error | null)?.name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    // S3 answers 204 for a key that is not there.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the client's pooled connections (Nest calls this on shutdown). */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}
