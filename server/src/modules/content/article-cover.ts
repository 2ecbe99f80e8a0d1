import sharp from 'sharp';
import { DomainError } from '../../common/errors/domain-error.js';

/** A cover is shown at most phone-wide (750 rpx ≈ 2× a 375 pt screen): a larger one is only a slower feed. */
const COVER_MAX_SIDE = 1280;
const MAX_INPUT_PIXELS = 100_000_000;

function sniff(bytes: Buffer): boolean {
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const webp = bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP';
  return jpeg || png || webp;
}

/**
 * An uploaded cover, decoded and encoded afresh as JPEG (upright, at most COVER_MAX_SIDE, no metadata), as chat
 * images are: only JPEG, PNG and WebP by their first bytes; anything else, or what does not decode, is ARTICLE_COVER_INVALID.
 */
export async function reencodeCover(bytes: Buffer): Promise<Buffer> {
  if (!sniff(bytes)) throw new DomainError('ARTICLE_COVER_INVALID');
  try {
    return await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true, pages: 1 })
      .rotate()
      .resize({ width: COVER_MAX_SIDE, height: COVER_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer();
  } catch (error) {
    throw new DomainError('ARTICLE_COVER_INVALID', undefined, { cause: error });
  }
}

export const coverKey = (coverId: string) => `articles/covers/${coverId}.jpg`;
export const coverPath = (coverId: string) => `/api/v1/articles/covers/${coverId}`;
