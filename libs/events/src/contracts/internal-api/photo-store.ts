/**
 * Internal HTTP contract, ingest → contacts: the photo store (claim check). Ingest PUTs a photo's
 * bytes at PHOTO_STORE_PATH(hash) before it publishes the change that references it; the body is
 * the raw bytes with the image's content type. Idempotent: the same hash is stored once, and a body
 * whose sha256 is not the hash is refused with 400. Persons serve it at GET /persons/:id/photo.
 */
export const PHOTO_STORE_PATH = (hash: string): string => `/internal/photos/${encodeURIComponent(hash)}`;
/** Larger photos are not synced (the driver skips them and says so); well under MongoDB's 16 MiB document limit. */
export const MAX_PHOTO_BYTES = 1024 * 1024;
