import {
  ProviderAccessTokenRejectedError,
  ProviderConflictError,
  ProviderAuthError,
  ProviderPermissionError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
  SyncCursorExpiredError,
} from '../provider-errors';
import { mapGoogleError } from './google-error-mapper';

const http = (status: number, data: unknown = {}, headers: Record<string, string> = {}) => ({
  message: `status ${status}`,
  response: { status, data, headers: new Headers(headers) },
});

describe('mapGoogleError', () => {
  it('maps the taxonomy', () => {
    expect(mapGoogleError(http(410, { error: { code: 410, message: 'Sync token is expired.' } }))).toBeInstanceOf(SyncCursorExpiredError);
    expect(mapGoogleError(http(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }))).toBeInstanceOf(ProviderAuthError);
    expect(mapGoogleError(http(401))).toBeInstanceOf(ProviderAccessTokenRejectedError);
    expect(mapGoogleError(http(503))).toBeInstanceOf(ProviderUnavailableError);
    expect(mapGoogleError(http(400, { error: { message: 'bad field mask' } }))).toBeInstanceOf(ProviderRequestError);
    expect(mapGoogleError({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' })).toBeInstanceOf(ProviderUnavailableError);
  });

  it('treats the 400 EXPIRED_SYNC_TOKEN answer Google gives in practice as an expired cursor', () => {
    const body = {
      error: {
        code: 400,
        message: 'Sync token is expired. Clear local cache and retry call without the sync token.',
        status: 'FAILED_PRECONDITION',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'EXPIRED_SYNC_TOKEN', domain: 'people.googleapis.com' }],
      },
    };
    expect(mapGoogleError(http(400, body))).toBeInstanceOf(SyncCursorExpiredError);
  });

  it('maps a stale-etag updateContact (400 FAILED_PRECONDITION, as observed; 412 in older docs) to a conflict, not a bad request', () => {
    const stale = { error: { code: 400, message: 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.', status: 'FAILED_PRECONDITION' } };
    expect(mapGoogleError(http(400, stale))).toBeInstanceOf(ProviderConflictError);
    expect(mapGoogleError(http(400, { error: { code: 400, message: 'x', errors: [{ reason: 'failedPrecondition' }] } }))).toBeInstanceOf(ProviderConflictError);
    expect(mapGoogleError(http(412, { error: { message: 'precondition' } }))).toBeInstanceOf(ProviderConflictError);
  });

  it('honours Retry-After on 429', () => {
    const err = mapGoogleError(http(429, { error: { message: 'quota' } }, { 'retry-after': '7' }));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAfterMs).toBe(7000);
  });

  it('maps an API 401 to ProviderAccessTokenRejectedError (refresh once, retry), never to reconnect', () => {
    const body = {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials.',
        status: 'UNAUTHENTICATED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_EXPIRED', domain: 'googleapis.com' }],
      },
    };
    expect(mapGoogleError(http(401, body))).toBeInstanceOf(ProviderAccessTokenRejectedError);
    expect(mapGoogleError(http(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }))).toBeInstanceOf(ProviderAuthError);
  });

  const forbidden = (reason: string, status = 'PERMISSION_DENIED') => ({
    error: { code: 403, message: 'forbidden', status, details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }] },
  });

  it.each(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'RATE_LIMIT_EXCEEDED'])('maps a 403 %s to a rate limit with a default backoff', (reason) => {
    const err = mapGoogleError(http(403, forbidden(reason)));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAfterMs).toBe(30_000);
  });

  it('maps a 403 RESOURCE_EXHAUSTED status and legacy errors[].reason quota answers to a rate limit, honouring Retry-After', () => {
    const exhausted = mapGoogleError(http(403, { error: { code: 403, message: 'quota', status: 'RESOURCE_EXHAUSTED' } }, { 'retry-after': '5' }));
    expect(exhausted).toBeInstanceOf(ProviderRateLimitError);
    expect((exhausted as ProviderRateLimitError).retryAfterMs).toBe(5000);
    const legacy = { error: { code: 403, message: 'User Rate Limit Exceeded', errors: [{ reason: 'userRateLimitExceeded', domain: 'usageLimits' }] } };
    expect(mapGoogleError(http(403, legacy))).toBeInstanceOf(ProviderRateLimitError);
  });

  it.each([
    ['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT'],
    ['insufficientPermissions', 'insufficientPermissions'],
    ['SOMETHING_ELSE', 'PERMISSION_DENIED'],
  ])('maps a 403 %s to ProviderPermissionError with reason %s', (reason, expected) => {
    const err = mapGoogleError(http(403, forbidden(reason)));
    expect(err).toBeInstanceOf(ProviderPermissionError);
    expect((err as ProviderPermissionError).reason).toBe(expected);
  });

  it('keeps the provider message', () => {
    expect(mapGoogleError(http(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })).message).toContain(
      'invalid_grant: Token has been expired or revoked.',
    );
  });
});
