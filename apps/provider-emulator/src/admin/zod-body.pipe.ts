import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { ZodType, ZodTypeDef } from 'zod';

/** Validates an admin body and answers 400 listing every problem with its path. */
export class ZodBodyPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T, ZodTypeDef, unknown>) {}

  transform(value: unknown): T {
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    throw badRequest(parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`));
  }
}

/** Nest's usual 400 body, with `message` as the list of what is wrong. */
export function badRequest(problems: string[], max = 50): BadRequestException {
  const shown = problems.length > max ? [...problems.slice(0, max), `… and ${problems.length - max} more`] : problems;
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: shown });
}
