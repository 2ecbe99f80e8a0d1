import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a signed image address works; rounded to 10 minutes so the same image keeps the same address for a while (caching). */
const LINK_SECONDS = 3600;
const ROUND_SECONDS = 600;

/**
 * Image addresses carry their own permission: an <Image> in the mini-program cannot send an Authorization header,
 * so the API signs (message id, expiry) for a reader it has already authorised. Anyone without the signature gets 403.
 */
export class ImageLinks {
  constructor(private readonly key: Buffer) {}

  sign(messageId: string, now: Date): string {
    const exp = Math.ceil((now.getTime() / 1000 + LINK_SECONDS) / ROUND_SECONDS) * ROUND_SECONDS;
    return `/api/v1/consultations/images/${messageId}?exp=${exp}&sig=${this.signature(messageId, exp)}`;
  }

  verify(messageId: string, exp: number, sig: string, now: Date): boolean {
    if (!Number.isSafeInteger(exp) || exp * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.signature(messageId, exp));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private signature(messageId: string, exp: number): string {
    return createHmac('sha256', this.key).update(`consult-image\n${messageId}\n${exp}`).digest('base64url');
  }
}

/** The image type from its first bytes (the client's declared type is not trusted). */
export function sniffImageType(bytes: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export const IMAGE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
