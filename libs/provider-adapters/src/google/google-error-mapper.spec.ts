import { ProviderAuthError, ProviderRateLimitError, ProviderRequestError, ProviderUnavailableError, SyncCursorExpiredError } from '../provider-errors';
import { mapGoogleError } from './google-error-mapper';

const http = (status: number, data: unknown = {}, headers: Record<string, string> = {}) => ({
  message: `status ${status}`,
  response: { status, data, headers: new Headers(headers) },
});

describe('mapGoogleError', () => {
  it('maps the taxonomy', () => {
    expect(mapGoogleError(http(410, { error: { code: 410, message: 'Sync token is expired.' } }))).toBeInstanceOf(SyncCursorExpiredError);
    expect(mapGoogleError(http(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }))).toBeInstanceOf(ProviderAuthError);
    expect(mapGoogleError(http(401))).toBeInstanceOf(ProviderAuthError);
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

  it('honours Retry-After on 429', () => {
    const err = mapGoogleError(http(429, { error: { message: 'quota' } }, { 'retry-after': '7' }));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAfterMs).toBe(7000);
  });

  it('keeps the provider message', () => {
    expect(mapGoogleError(http(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })).message).toContain(
      'invalid_grant: Token has been expired or revoked.',
    );
  });
});
