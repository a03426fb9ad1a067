import { HttpException } from '@nestjs/common';

/** Google API error body: {"error": {"code", "message", "status", "details"?}}. */
export class GoogleApiError extends HttpException {
  constructor(code: number, status: string, message: string, details?: unknown[], readonly headers: Record<string, string> = {}) {
    super({ error: { code, message, status, ...(details ? { details } : {}) } }, code);
  }
}

export const unauthenticated = () =>
  new GoogleApiError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com' }],
  );

export const invalidArgument = (message: string) => new GoogleApiError(400, 'INVALID_ARGUMENT', message);

/**
 * The issue asks for HTTP 410 on an unknown or expired sync token; the body is what Google documents
 * for it (ErrorInfo reason EXPIRED_SYNC_TOKEN). Real Google has also been seen answering 400 with
 * the same body; the client adapter treats both as an expired cursor.
 */
export const expiredSyncToken = () =>
  new GoogleApiError(410, 'FAILED_PRECONDITION', 'Sync token is expired. Clear local cache and retry call without the sync token.', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'EXPIRED_SYNC_TOKEN', domain: 'people.googleapis.com' },
  ]);

export const notFound = (what: string) => new GoogleApiError(404, 'NOT_FOUND', `Requested entity was not found: ${what}`);

export const injected = (status: 429 | 500 | 503, retryAfterSeconds?: number) => {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  if (status === 429) {
    return new GoogleApiError(
      429,
      'RESOURCE_EXHAUSTED',
      "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'people.googleapis.com'.",
      [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com' }],
      headers,
    );
  }
  return new GoogleApiError(status, status === 503 ? 'UNAVAILABLE' : 'INTERNAL', 'The service is currently unavailable.', undefined, headers);
};
