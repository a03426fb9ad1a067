import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  ProviderAccessTokenRejectedError,
  ProviderAuthError,
  ProviderPermissionError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
  SyncCursorExpiredError,
} from '../provider-errors';
import { mapMicrosoftError, MicrosoftHttpError } from './microsoft-error-mapper';

/** What the Graph client throws for a JSON error answer (GraphErrorHandler.constructErrorFromResponse). */
function graphError(status: number, code: string, message = 'message', headers: Record<string, string> = {}): GraphError {
  const e = new GraphError(status, message);
  e.code = code;
  e.body = JSON.stringify({ code, message, innerError: { date: '2026-01-01T00:00:00' } });
  e.headers = new Headers(headers);
  return e;
}

const tokenError = (status: number, error: string, description = 'AADSTS70008: The refresh token has expired.\r\nTrace ID: x') =>
  new MicrosoftHttpError(status, { error, error_description: description, error_codes: [70008] });

describe('mapMicrosoftError', () => {
  it('maps a refused grant to ProviderAuthError (reconnect): invalid_grant, interaction_required, AADSTS codes', () => {
    expect(mapMicrosoftError(tokenError(400, 'invalid_grant'))).toBeInstanceOf(ProviderAuthError);
    expect(mapMicrosoftError(tokenError(400, 'interaction_required'))).toBeInstanceOf(ProviderAuthError);
    expect(mapMicrosoftError(tokenError(401, 'invalid_client'))).toBeInstanceOf(ProviderAuthError);
    for (const code of [70000, 700082, 50173]) {
      const body = { error: 'invalid_request', error_description: `AADSTS${code}: The provided grant has expired.`, error_codes: [code] };
      expect(mapMicrosoftError(new MicrosoftHttpError(400, JSON.stringify(body)))).toBeInstanceOf(ProviderAuthError);
      const textOnly = { error: 'unknown', error_description: `AADSTS${code}: expired or revoked` };
      expect(mapMicrosoftError(new MicrosoftHttpError(400, textOnly))).toBeInstanceOf(ProviderAuthError);
    }
  });

  it('maps a Graph 401 to ProviderAccessTokenRejectedError (refresh once and retry, not reconnect)', () => {
    const err = mapMicrosoftError(graphError(401, 'InvalidAuthenticationToken'));
    expect(err).toBeInstanceOf(ProviderAccessTokenRejectedError);
    expect(err.status).toBe(401);
  });

  it('maps Graph 403 by code: ErrorAccessDenied / Authorization_RequestDenied → permission; throttling 403 with Retry-After → rate limit', () => {
    for (const code of ['ErrorAccessDenied', 'Authorization_RequestDenied']) {
      const err = mapMicrosoftError(graphError(403, code));
      expect(err).toBeInstanceOf(ProviderPermissionError);
      expect((err as ProviderPermissionError).reason).toBe(code);
    }
    // A permission code stays a permission error even with Retry-After.
    expect(mapMicrosoftError({ statusCode: 403, code: 'ErrorAccessDenied', body: '{}', headers: { 'Retry-After': '3' } })).toBeInstanceOf(ProviderPermissionError);
    const busy = mapMicrosoftError({ statusCode: 403, code: 'ErrorServerBusy', body: '{}', headers: { 'Retry-After': '3' } });
    expect(busy).toBeInstanceOf(ProviderRateLimitError);
    expect((busy as ProviderRateLimitError).retryAfterMs).toBe(3000);
  });

  it('maps 429 MailboxConcurrency to a rate limit, with a default backoff when Retry-After is absent', () => {
    const err = mapMicrosoftError(graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAfterMs).toBeGreaterThan(0);
  });

  it('keeps the identity platform message (first line only)', () => {
    const err = mapMicrosoftError(tokenError(400, 'invalid_grant'));
    expect(err.message).toContain('invalid_grant: AADSTS70008: The refresh token has expired.');
    expect(err.message).not.toContain('Trace ID');
    expect(err.provider).toBe('microsoft');
    expect(err.status).toBe(400);
  });

  it('maps 429 with Retry-After in seconds', () => {
    const err = mapMicrosoftError(graphError(429, 'TooManyRequests', 'throttled', { 'Retry-After': '7' }));
    expect(err).toBeInstanceOf(ProviderRateLimitError);
    expect((err as ProviderRateLimitError).retryAfterMs).toBe(7000);
  });

  it('maps 429 with Retry-After as an HTTP date, and without one', () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const dated = mapMicrosoftError(graphError(429, 'TooManyRequests', 'throttled', { 'retry-after': at })) as ProviderRateLimitError;
    expect(dated.retryAfterMs).toBeGreaterThan(50_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
    const bare = mapMicrosoftError(graphError(429, 'TooManyRequests')) as ProviderRateLimitError;
    expect(bare.retryAfterMs).toBe(30_000);
    const plain = mapMicrosoftError(new MicrosoftHttpError(429, '', new Headers({ 'Retry-After': '3' }))) as ProviderRateLimitError;
    expect(plain.retryAfterMs).toBe(3000);
  });

  it('maps 5xx (keeping Retry-After) and network failures to unavailable', () => {
    const err = mapMicrosoftError(graphError(503, 'serviceNotAvailable', 'down', { 'Retry-After': '2' }));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).retryAfterMs).toBe(2000);
    expect(mapMicrosoftError(graphError(500, 'generalException'))).toBeInstanceOf(ProviderUnavailableError);
    expect(mapMicrosoftError(tokenError(503, 'temporarily_unavailable'))).toBeInstanceOf(ProviderUnavailableError);
    // The client's answer to a failed fetch: statusCode -1, the TypeError's name as code.
    const network = new GraphError(-1, 'fetch failed');
    network.code = 'TypeError';
    expect(mapMicrosoftError(network)).toBeInstanceOf(ProviderUnavailableError);
    expect(mapMicrosoftError(new TypeError('fetch failed'))).toBeInstanceOf(ProviderUnavailableError);
    expect(mapMicrosoftError('boom')).toBeInstanceOf(ProviderUnavailableError);
  });

  it('maps 410 (any code) and the delta-state codes to an expired cursor', () => {
    expect(mapMicrosoftError(graphError(410, 'syncStateNotFound'))).toBeInstanceOf(SyncCursorExpiredError);
    expect(mapMicrosoftError(graphError(410, 'resyncRequired'))).toBeInstanceOf(SyncCursorExpiredError);
    expect(mapMicrosoftError(graphError(410, 'SomethingElse'))).toBeInstanceOf(SyncCursorExpiredError);
    expect(mapMicrosoftError(new MicrosoftHttpError(410, 'Gone'))).toBeInstanceOf(SyncCursorExpiredError);
    expect(mapMicrosoftError(graphError(400, 'SyncStateNotFound'))).toBeInstanceOf(SyncCursorExpiredError);
  });

  it('maps other 4xx to a request error', () => {
    const err = mapMicrosoftError(graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.'));
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect(err.message).toContain('ErrorInvalidIdMalformed: Id is malformed.');
    expect(mapMicrosoftError(graphError(404, 'ErrorItemNotFound'))).toBeInstanceOf(ProviderRequestError);
    const malformed = { error: 'invalid_request', error_description: 'AADSTS9002313: Invalid request. Request is malformed or invalid.', error_codes: [9002313] };
    expect(mapMicrosoftError(new MicrosoftHttpError(400, malformed))).toBeInstanceOf(ProviderRequestError);
  });

  it('passes provider errors through', () => {
    const original = new ProviderAuthError('x', 'microsoft', 401);
    expect(mapMicrosoftError(original)).toBe(original);
  });
});
