import {
  parseRetryAfter,
  ProviderAccessTokenRejectedError,
  ProviderAuthError,
  ProviderConflictError,
  ProviderPermissionError,
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

/** ErrorInfo reasons (`details[].reason`), legacy `errors[].reason` and the rpc `status` of an API error body. */
function reasonsOf(data: unknown): string[] {
  const error = (data as { error?: unknown } | undefined)?.error;
  if (!error || typeof error !== 'object') return [];
  const e = error as { status?: unknown; details?: { reason?: unknown }[]; errors?: { reason?: unknown }[] };
  const reasons = [...(e.details ?? []), ...(e.errors ?? [])].map((d) => d?.reason);
  if (typeof e.status === 'string') reasons.push(e.status);
  return reasons.filter((r): r is string => typeof r === 'string');
}

/** 403s that are about quota, not about permission: back off and retry. */
const QUOTA_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'RATE_LIMIT_EXCEEDED', 'RESOURCE_EXHAUSTED', 'dailyLimitExceeded']);
/** 403s only the user (or an admin) can fix: a scope not granted, the API not allowed. */
const PERMISSION_REASONS = ['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficientPermissions', 'SERVICE_DISABLED', 'PERMISSION_DENIED', 'forbidden'];

/** Turns anything the Google client throws into the shared taxonomy. */
export function mapGoogleError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as GaxiosLikeError;
  const status = e.response?.status ?? e.status;
  const message = describe(e.response?.data, e.message ?? String(err));
  if (!status) return new ProviderUnavailableError(`google unreachable: ${message}`, 'google');
  const data = e.response?.data;
  const oauthError = (data as { error?: unknown } | undefined)?.error;
  // Token endpoint: a refused grant is the only "reconnect" answer.
  if (oauthError === 'invalid_grant' || oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new ProviderAuthError(`google authorization failed: ${message}`, 'google', status);
  }
  // API call: the access token was refused; one forced refresh may fix it.
  if (status === 401) return new ProviderAccessTokenRejectedError(`google refused the access token: ${message}`, 'google', status);
  const reasons = reasonsOf(data);
  const retryAfter = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  if (status === 403) {
    if (reasons.some((r) => QUOTA_REASONS.has(r))) {
      return new ProviderRateLimitError(`google quota: ${message}`, 'google', retryAfter ?? DEFAULT_RATE_LIMIT_BACKOFF_MS);
    }
    const reason = PERMISSION_REASONS.find((r) => reasons.includes(r)) ?? reasons[0] ?? null;
    return new ProviderPermissionError(`google permission denied: ${message}`, 'google', status, reason);
  }
  // The API documents 410; in practice it also answers 400 FAILED_PRECONDITION with ErrorInfo
  // reason EXPIRED_SYNC_TOKEN. Both mean: drop the token and run a full sync.
  if (status === 410 || reasons.includes('EXPIRED_SYNC_TOKEN')) {
    return new SyncCursorExpiredError(`google sync token expired: ${message}`, 'google', status);
  }
  if (status === 429) {
    return new ProviderRateLimitError(`google rate limit: ${message}`, 'google', retryAfter ?? DEFAULT_RATE_LIMIT_BACKOFF_MS);
  }
  // updateContact with a stale etag: observed as 400 FAILED_PRECONDITION, reason failedPrecondition
  // (older documentation said 412).
  if (status === 412 || (status === 400 && (reasons.includes('FAILED_PRECONDITION') || reasons.includes('failedPrecondition')))) {
    return new ProviderConflictError(`google: the contact changed since it was read: ${message}`, 'google', status);
  }
  if (status >= 500) return new ProviderUnavailableError(`google ${status}: ${message}`, 'google', status, retryAfter);
  return new ProviderRequestError(`google rejected the request (${status}): ${message}`, 'google', status);
}
