import { isPhotoContentType, photoRefOf, type CanonicalContact, type PhotoBytes } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';

/** Why a photo was left out of a contact: carried on the change (`photoNotSynced`), never a failed pass. */
export type PhotoSkip = { skipped: string };

/** The body, or null when it is larger than `max` bytes (then it is not read further). */
export async function readCapped(res: Response, max: number): Promise<Buffer | null> {
  const declared = Number(res.headers.get('content-length'));
  if (res.headers.has('content-length') && Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!res.body) {
    const all = Buffer.from(await res.arrayBuffer());
    return all.byteLength > max ? null : all;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Photo bytes from a successful download, or why they are not synced: not an image type the CRM
 * stores, larger than `maxBytes` (default MAX_PHOTO_BYTES, the photo store's limit), or empty.
 */
export async function photoFromResponse(res: Response, maxBytes = MAX_PHOTO_BYTES): Promise<PhotoBytes | PhotoSkip> {
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!isPhotoContentType(contentType)) {
    await res.body?.cancel().catch(() => undefined);
    return { skipped: `content type "${contentType || 'none'}" is not a supported image` };
  }
  const bytes = await readCapped(res, maxBytes);
  if (!bytes) return { skipped: `larger than ${maxBytes} bytes` };
  if (bytes.byteLength === 0) return { skipped: 'empty body' };
  return { contentType, bytes };
}

export const isPhotoSkip = (p: PhotoBytes | PhotoSkip): p is PhotoSkip => 'skipped' in p;

/** The upsert's photo parts: the reference in the contact and the bytes beside it, or why there are none. */
export function withPhoto(contact: CanonicalContact, photo: PhotoBytes | PhotoSkip | undefined): { contact: CanonicalContact; photo?: PhotoBytes; photoNotSynced?: string } {
  if (!photo) return { contact };
  if (isPhotoSkip(photo)) return { contact, photoNotSynced: photo.skipped.slice(0, 500) }; // the event contract's bound
  return { contact: { ...contact, photo: photoRefOf(photo) }, photo };
}
