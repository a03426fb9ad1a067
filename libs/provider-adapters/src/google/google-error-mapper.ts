import {
  parseRetryAfter,
  ProviderAuthError,
  ProviderError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
  SyncCursorExpiredError,
} from '../provider-errors';

interface GaxiosLikeError {
  message?: string;
  code?: string | number;
  status?: number;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

const DEFAULT_RATE_LIMIT_BACKOFF_MS = 30_000;

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function describe(data: unknown, fallback: string): string {
  const error = (data as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') {
    const description = (data as { error_description?: string }).error_description;
    return description ? `${error}: ${description}` : error;
  }
  const message = (error as { message?: string } | undefined)?.message;
  return message ?? fallback;
}

function isExpiredSyncToken(data: unknown): boolean {
  const details = (data as { error?: { details?: { reason?: string }[] } } | undefined)?.error?.details ?? [];
  return details.some((d) => d.reason === 'EXPIRED_SYNC_TOKEN');
}

/** Turns anything the Google client throws into the shared taxonomy. */
export function mapGoogleError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as GaxiosLikeError;
  const status = e.response?.status ?? e.status;
  const message = describe(e.response?.data, e.message ?? String(err));
  if (!status) return new ProviderUnavailableError(`google unreachable: ${message}`, 'google');
  const oauthError = (e.response?.data as { error?: unknown } | undefined)?.error;
  if (oauthError === 'invalid_grant' || oauthError === 'invalid_client' || status === 401 || status === 403) {
    return new ProviderAuthError(`google authorization failed: ${message}`, 'google', status);
  }
  // The API documents 410; in practice it also answers 400 FAILED_PRECONDITION with ErrorInfo
  // reason EXPIRED_SYNC_TOKEN. Both mean: drop the token and run a full sync.
  if (status === 410 || isExpiredSyncToken(e.response?.data)) {
    return new SyncCursorExpiredError(`google sync token expired: ${message}`, 'google', status);
  }
  const retryAfter = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  if (status === 429) {
    return new ProviderRateLimitError(`google rate limit: ${message}`, 'google', retryAfter ?? DEFAULT_RATE_LIMIT_BACKOFF_MS);
  }
  if (status >= 500) return new ProviderUnavailableError(`google ${status}: ${message}`, 'google', status, retryAfter);
  return new ProviderRequestError(`google rejected the request (${status}): ${message}`, 'google', status);
}
