import { Inject, Injectable } from '@nestjs/common';
import { InternalApiKey, SERVICE_CONFIG } from '@contact-sync/platform';
import { PHOTO_STORE_PATH } from '@contact-sync/events';
import type { PhotoBytes } from '@contact-sync/contact-model';
import type { IngestConfig } from '../config/ingest-env.schema';

/** The photo could not be stored: the pass fails as retryable (never a silently dropped photo). */
export class PhotoUploadError extends Error {
  override readonly name = 'PhotoUploadError';
}

/** Claim check: photo bytes go to the contacts photo store by hash, before the event that references them. */
@Injectable()
export class PhotoStoreClient {
  private readonly key: InternalApiKey;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: IngestConfig) {
    this.key = new InternalApiKey(config);
  }

  async put(hash: string, photo: PhotoBytes): Promise<void> {
    const url = `${this.config.CONTACTS_INTERNAL_URL.replace(/\/+$/, '')}${PHOTO_STORE_PATH(hash)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'PUT',
        headers: { authorization: this.key.authorization, 'content-type': photo.contentType },
        body: new Uint8Array(photo.bytes),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new PhotoUploadError(`photo store unreachable: ${(err as Error).message}`);
    }
    if (!res.ok) throw new PhotoUploadError(`photo store answered ${res.status} for photo ${hash}`);
  }
}
