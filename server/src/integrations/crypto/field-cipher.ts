import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

const KEY_VERSION = 'v1';

/**
 * Encryption at rest for personal identifiers (phone, ID number): AES-256-GCM with a random IV,
 * plus a keyed HMAC "blind index" so a value can be found by exact match without decrypting.
 * Both keys are derived (HKDF) from DATA_ENCRYPTION_KEY; ciphertexts carry a key version for rotation.
 */
@Injectable()
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const master = config.dataEncryptionKey;
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'yiban/field-encryption/v1', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'yiban/blind-index/v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${KEY_VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, payload] = stored.split(':', 2);
    if (version !== KEY_VERSION || !payload) throw new Error(`unsupported ciphertext version ${version ?? '(none)'}`);
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash of a normalised value, for lookups and uniqueness. */
  blindIndex(plain: string): string {
    return createHmac('sha256', this.indexKey).update(plain.trim().toUpperCase()).digest('hex');
  }
}
