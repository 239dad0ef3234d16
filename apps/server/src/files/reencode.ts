import sharp from 'sharp';
import { RASTER_FORMATS } from './sniff.js';

/** An image as the server stores it: re-encoded pixels, no metadata. */
export interface CleanImage {
  bytes: Uint8Array;
  type: string;
  width: number;
  height: number;
}

/** Largest image accepted, in pixels (per frame times frames), against decompression bombs. */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** The image could not be decoded (or is too large): the upload is refused with 415. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

/**
 * Decodes and re-encodes a raster image with sharp, in its own format (TIFF becomes PNG):
 * EXIF (GPS, camera, orientation: applied to the pixels first), XMP, IPTC and comments are
 * dropped, and whatever trails or hides beside the pixels (a polyglot's second payload) is gone.
 */
export async function reencodeImage(bytes: Uint8Array, type: string): Promise<CleanImage> {
  const format = RASTER_FORMATS[type];
  if (!format) throw new ImageError(`${type} is not an image format the server re-encodes`);
  try {
    const input = sharp(bytes, { animated: format === 'gif' || format === 'webp', limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await input.metadata();
    let pipeline = (meta.pages ?? 1) > 1 ? input : input.autoOrient();
    const out = format === 'tiff' ? 'png' : format;
    if (out === 'jpeg') pipeline = pipeline.jpeg({ quality: 88, mozjpeg: true });
    else if (out === 'png') pipeline = pipeline.png();
    else if (out === 'webp') pipeline = pipeline.webp({ quality: 88 });
    else if (out === 'gif') pipeline = pipeline.gif();
    else pipeline = pipeline.avif({ quality: 60 });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return {
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.length),
      type: `image/${out}`,
      width: info.width,
      height: info.pageHeight ?? info.height,
    };
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError(`the image could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
