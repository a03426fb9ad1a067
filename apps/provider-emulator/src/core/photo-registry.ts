import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ContactPhoto } from './photo';
import { ResetRegistry } from './reset-registry';

/**
 * Photos served at public URLs (`GET /photos/:id`, like lh3.googleusercontent.com): content
 * addressed, so the same bytes get the same URL and a person's new photo gets a new one.
 */
@Injectable()
export class PhotoRegistry {
  private readonly photos = new Map<string, ContactPhoto>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  put(photo: ContactPhoto): string {
    const id = createHash('sha256').update(photo.bytes).digest('base64url').slice(0, 32);
    this.photos.set(id, photo);
    return id;
  }

  get(id: string): ContactPhoto | undefined {
    return this.photos.get(id);
  }

  reset(): void {
    this.photos.clear();
  }
}
