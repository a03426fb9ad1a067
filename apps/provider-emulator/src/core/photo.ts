import { z } from 'zod';
import { createHash } from 'node:crypto';

/**
 * A contact photo as both emulated providers keep it (Graph serves it at .../photo/$value, Google at
 * its public photo URL). One module for both: the admin API takes `{contentType, base64}` for either.
 */
export interface ContactPhoto {
  contentType: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  width: number;
  height: number;
  /** `@odata.mediaEtag`: changes when the bytes do. */
  etag: string;
}

/** Width and height from a PNG IHDR chunk or a JPEG start-of-frame marker; undefined if neither. */
function dimensions(contentType: ContactPhoto['contentType'], b: Buffer): { width: number; height: number } | undefined {
  if (contentType === 'image/png') {
    if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    const length = b.readUInt16BE(i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return undefined;
}

/** Decodes an admin photo; a string is the problem (bad base64, not an image of that type). */
export function decodePhoto(contentType: ContactPhoto['contentType'], base64: string): ContactPhoto | string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.replace(/\s+/g, ''))) return 'not valid base64';
  const bytes = Buffer.from(base64, 'base64');
  const size = dimensions(contentType, bytes);
  if (!size) return `not a ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image`;
  const etag = `W/"${createHash('sha256').update(bytes).digest('base64').slice(0, 28)}"`;
  return { contentType, bytes, ...size, etag };
}

/** The admin API's photo body, the same for Google persons and Microsoft contacts. */
export const photoInputSchema = z.object({ contentType: z.enum(['image/jpeg', 'image/png']), base64: z.string().min(1) }).strict().nullable();
