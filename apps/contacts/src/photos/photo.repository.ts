import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertManyIdempotent } from '@contact-sync/platform';
import type { PhotoBytes } from '@contact-sync/contact-model';
import { Photo } from './photo.schema';

@Injectable()
export class PhotoRepository {
  constructor(@InjectModel(Photo.name) private readonly model: Model<Photo>) {}

  /** Stores the bytes under their hash; storing the same photo again is a no-op (true when it was new). */
  async put(hash: string, photo: PhotoBytes): Promise<boolean> {
    const existed = await insertManyIdempotent(this.model, [{ _id: hash, contentType: photo.contentType, byteLength: photo.bytes.byteLength, data: photo.bytes }]);
    return existed.length === 0;
  }

  async get(hash: string): Promise<PhotoBytes | null> {
    const doc = await this.model.findById(hash).lean().exec();
    if (!doc) return null;
    const data = doc.data as unknown as Buffer | { buffer: Buffer };
    return { contentType: doc.contentType, bytes: Buffer.isBuffer(data) ? data : Buffer.from(data.buffer) };
  }
}
