import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PhotoRegistry } from './photo-registry';

/** Public photo URLs (Google's are unauthenticated): the bytes with their content type. */
@Controller('photos')
export class PhotoController {
  constructor(private readonly photos: PhotoRegistry) {}

  @Get(':id')
  photo(@Param('id') id: string, @Res() res: Response): void {
    const photo = this.photos.get(id);
    if (!photo) throw new NotFoundException(`no photo ${id}`);
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type(photo.contentType).send(photo.bytes);
  }
}
