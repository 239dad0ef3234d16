import { fileTypeFromBuffer } from 'file-type';

/** What the server makes of uploaded bytes, whatever the client said they were. */
export interface Sniffed {
  /** The media type read from the bytes. */
  type: string;
  /** `image`: a raster image sharp re-encodes; `svg`: an SVG (never served inline); `other`. */
  kind: 'image' | 'svg' | 'other';
}

/** Raster formats that are re-encoded (and so may be shown inline): sniffed type -> sharp format. */
export const RASTER_FORMATS: Readonly<Record<string, 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'tiff'>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/tiff': 'tiff',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Reads the media type from the bytes' signature (file-type), then tells text from binary:
 * text that is an SVG document is `image/svg+xml`, other UTF-8 text `text/plain` (HTML included:
 * it is never served as HTML), anything else `application/octet-stream`.
 */
export async function sniff(bytes: Uint8Array): Promise<Sniffed> {
  const found = await fileTypeFromBuffer(bytes);
  if (found && RASTER_FORMATS[found.mime]) return { type: found.mime, kind: 'image' };
  if (found && found.mime !== 'application/xml') return { type: found.mime, kind: 'other' };
  const text = asText(bytes);
  if (text === null) return { type: 'application/octet-stream', kind: 'other' };
  if (/<svg[\s>]/i.test(text.slice(0, 4096))) return { type: 'image/svg+xml', kind: 'svg' };
  return { type: 'text/plain', kind: 'other' };
}
