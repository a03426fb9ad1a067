import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The body of every error answer (Nest's HttpException shape; strictValidationPipe lists each problem). */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What is wrong; a 400 from validation lists every problem by path',
    example: ['email must be an e-mail address'],
  })
  message: string | string[];

  @ApiPropertyOptional({ example: 'Bad Request' })
  error?: string;

  @ApiPropertyOptional({ description: 'A machine-readable reason where the caller can act on it', example: 'reconnect_needed' })
  code?: string;
}

const MEANING = {
  400: 'The request is malformed: unknown or invalid fields, each named in `message`',
  401: 'The bearer token is missing or invalid',
  403: 'The acting user may not do this',
  404: 'Not found (or not visible to the acting user: the answer is the same)',
  409: 'The resource is not in a state that allows this',
  503: 'A dependency is unavailable for now: retry later',
} as const;

export type ErrorStatus = keyof typeof MEANING;

/** A status; with a description of this route's reason; and a body type that adds fields to ErrorResponse. */
export type ApiError = ErrorStatus | [ErrorStatus, string] | [ErrorStatus, string, Type<ErrorResponse>];

/** Documents a route's (or a controller's) error answers and their body. */
export function ApiErrors(...errors: ApiError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map((e) => {
      const [status, description, type]: [ErrorStatus, string?, Type<ErrorResponse>?] = Array.isArray(e) ? e : [e];
      return ApiResponse({ status, description: description ?? MEANING[status], type: type ?? ErrorResponse });
    }),
  );
}
