import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { GoogleApiError } from './google-api-error';

/** Writes Google-shaped errors with their headers, untouched by Nest's default error body. */
@Catch(GoogleApiError)
export class GoogleApiErrorFilter implements ExceptionFilter {
  catch(exception: GoogleApiError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    for (const [k, v] of Object.entries(exception.headers)) res.setHeader(k, v);
    res.status(exception.getStatus()).json(exception.getResponse());
  }
}
