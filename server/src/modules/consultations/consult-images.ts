import { createHmac, timingSafeEqual } from 'node:crypto';
import sharp from 'sharp';
import { DomainError } from '../../common/errors/domain-error.js';

// Pictures come and go one at a time: libvips' operation cache would only hold on to memory.
sharp.cache(false);

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

/** The long side of a stored picture, at most (a phone screen shows less; a doctor can still read a report photographed). */
export const IMAGE_MAX_SIDE = 2048;
const JPEG_QUALITY = 85;
/** Refused before decoding: more pixels than any phone camera takes (a "decompression bomb" is a small file that claims billions). */
const MAX_INPUT_PIXELS = 100_000_000;

export interface ReencodedImage {
  bytes: Buffer;
  type: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Decodes an uploaded picture and stores only what was decoded, encoded afresh: JPEG (what WeChat's media check and
 * every client read), turned upright by its EXIF orientation, at most IMAGE_MAX_SIDE px on its long side,
 * transparency on white, and no metadata at all — EXIF (the phone's GPS position, its serial number), XMP, comments
 * and anything appended after the image are gone. Only JPEG, PNG and WebP are decoded (by their first bytes; libvips
 * would also read SVG, TIFF, HEIF …, which a chat does not need); what does not decode is CONSULT_IMAGE_INVALID.
 */
export async function reencodeImage(bytes: Buffer): Promise<ReencodedImage> {
  if (!sniffImageType(bytes)) throw new DomainError('CONSULT_IMAGE_INVALID');
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true, pages: 1 })
      .rotate()
      .resize({ width: IMAGE_MAX_SIDE, height: IMAGE_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, type: 'image/jpeg', width: info.width, height: info.height };
  } catch (error) {
    throw new DomainError('CONSULT_IMAGE_INVALID', undefined, { cause: error });
  }
}
