import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { GraphError } from './graph-error';

/**
 * Writes Graph-shaped errors with their headers and innerError: the date (UTC, seconds), a fresh
 * request-id and the client-request-id the client sent (the Graph SDK sends one) or the request-id.
 */
@Catch(GraphError)
export class GraphErrorFilter implements ExceptionFilter {
  catch(exception: GraphError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = randomUUID();
    const clientRequestId = req.header('client-request-id') ?? requestId;
    for (const [k, v] of Object.entries(exception.headers)) res.setHeader(k, v);
    res.setHeader('request-id', requestId);
    res.setHeader('client-request-id', clientRequestId);
    const body = exception.getResponse() as { error: Record<string, unknown> };
    const innerError = { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId };
    res.status(exception.getStatus()).json({ error: { ...body.error, innerError } });
  }
}
