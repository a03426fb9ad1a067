import { createHash } from 'node:crypto';
import { PHOTO_CONTENT_TYPES, type PhotoContentType, type PhotoRef } from './canonical-contact';

/** Photo bytes as a provider driver downloaded them; never put into an event or a document list. */
export interface PhotoBytes {
  contentType: PhotoContentType;
  bytes: Buffer;
}

export const isPhotoContentType = (value: string): value is PhotoContentType =>
  (PHOTO_CONTENT_TYPES as readonly string[]).includes(value);

/** The reference a contact carries for these bytes (content-addressed: equal photos, equal refs). */
export function photoRefOf(photo: PhotoBytes): PhotoRef {
  return { hash: createHash('sha256').update(photo.bytes).digest('hex'), contentType: photo.contentType, byteLength: photo.bytes.byteLength };
}
