import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  ProviderAuthError,
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
  it('maps auth failures: 401, 403, invalid_grant, interaction_required', () => {
    expect(mapMicrosoftError(graphError(401, 'InvalidAuthenticationToken'))).toBeInstanceOf(ProviderAuthError);
    expect(mapMicrosoftError(graphError(403, 'ErrorAccessDenied'))).toBeInstanceOf(ProviderAuthError);
    expect(mapMicrosoftError(tokenError(400, 'invalid_grant'))).toBeInstanceOf(ProviderAuthError);
    expect(mapMicrosoftError(tokenError(400, 'interaction_required'))).toBeInstanceOf(ProviderAuthError);
    expect(mapMicrosoftError(tokenError(401, 'invalid_client'))).toBeInstanceOf(ProviderAuthError);
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
    expect(mapMicrosoftError(tokenError(400, 'invalid_request'))).toBeInstanceOf(ProviderRequestError);
  });

  it('passes provider errors through', () => {
    const original = new ProviderAuthError('x', 'microsoft', 401);
    expect(mapMicrosoftError(original)).toBe(original);
  });
});
