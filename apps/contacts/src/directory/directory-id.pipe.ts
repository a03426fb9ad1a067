import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DIRECTORY_ID } from './directory.dto';

/** Route ids of the directory API: letters, digits and _.:- only, 1 to 128 characters. */
@Injectable()
export class DirectoryIdPipe implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    if (!DIRECTORY_ID.test(value)) throw new BadRequestException(`${meta.data ?? 'id'} must be 1-128 characters of letters, digits and _.:-`);
    return value;
  }
}
