import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { GoogleApiError } from './google-errors';

/** Sends Google-shaped errors with their headers (Retry-After) untouched by Nest's default filter. */
@Catch(GoogleApiError)
export class GoogleApiErrorFilter implements ExceptionFilter {
  catch(exception: GoogleApiError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    for (const [k, v] of Object.entries(exception.headers)) res.setHeader(k, v);
    res.status(exception.getStatus()).json(exception.getResponse());
  }
}
