import { BadRequestException, Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiErrors, ApiInternal, InternalApi } from '@contact-sync/platform';
import { isPhotoContentType, PHOTO_CONTENT_TYPES } from '@contact-sync/contact-model';
import { MAX_PHOTO_BYTES } from '@contact-sync/events';
import { PhotoRepository } from './photo.repository';

const HASH = /^[0-9a-f]{64}$/;

/** Reads the raw body with a cap (Nest only parses JSON and forms, so image bodies arrive untouched). */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > max) throw new BadRequestException(`photo larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The photo store's write side (internal contract PHOTO_STORE_PATH): ingest PUTs a photo here before
 * it publishes the change that references it. Content-addressed, so a retry or a second sync of the
 * same photo stores nothing new.
 */
@InternalApi('contacts.photos')
@Controller('internal/photos')
@ApiInternal()
export class PhotoStoreController {
  constructor(private readonly photos: PhotoRepository) {}

  @Put(':hash')
  @HttpCode(204)
  @ApiOperation({ summary: "Store a photo's bytes under their sha256 (idempotent)" })
  @ApiParam({ name: 'hash', schema: { type: 'string', pattern: HASH.source }, description: 'sha256 of the body, lower-case hex' })
  @ApiConsumes(...PHOTO_CONTENT_TYPES)
  @ApiBody({ description: `The image, at most ${MAX_PHOTO_BYTES} bytes`, schema: { type: 'string', format: 'binary' } })
  @ApiNoContentResponse({ description: 'Stored (or already there)' })
  @ApiErrors([400, 'Not an image type, empty, too large, or the bytes do not hash to `hash`'])
  async put(@Param('hash') hash: string, @Req() req: Request): Promise<void> {
    if (!HASH.test(hash)) throw new BadRequestException('hash must be the sha256 of the photo, 64 lower-case hex digits');
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!isPhotoContentType(contentType)) throw new BadRequestException(`content-type must be an image type (image/jpeg, image/png, image/gif, image/webp), got "${contentType}"`);
    const bytes = await readBody(req, MAX_PHOTO_BYTES);
    if (bytes.byteLength === 0) throw new BadRequestException('empty photo');
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== hash) throw new BadRequestException(`the body's sha256 is ${actual}, not ${hash}`);
    await this.photos.put(hash, { contentType, bytes });
  }
}
