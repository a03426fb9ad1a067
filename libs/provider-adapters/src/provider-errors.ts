/**
 * The one error taxonomy every provider maps into. Callers decide by class, never by HTTP status,
 * so a new provider only needs its own error mapper.
 */
export abstract class ProviderError extends Error {
  abstract readonly kind: 'auth' | 'token_rejected' | 'permission' | 'rate_limited' | 'unavailable' | 'cursor_expired' | 'conflict' | 'request';
  constructor(message: string, readonly provider: string, readonly status?: number) {
    super(message);
  }
}

/** Permanent auth failure (invalid_grant, revoked consent): the user must reconnect; keep the cursor. */
export class ProviderAuthError extends ProviderError {
  readonly kind = 'auth';
  override readonly name = 'ProviderAuthError';
}

/**
 * 401 on an API call: the access token was refused (expired early, rotated, clock skew). Not a
 * reason to reconnect: the caller forces one refresh and retries once; only a refused refresh
 * (invalid_grant, revoked consent → ProviderAuthError) means "reconnect".
 */
export class ProviderAccessTokenRejectedError extends ProviderError {
  readonly kind = 'token_rejected';
  override readonly name = 'ProviderAccessTokenRejectedError';
}

/**
 * 403 that is not about quota: the grant lacks a scope or the mailbox/API is not allowed. Fixed by
 * the user (reconnect granting the permission, or an admin), never by retrying. Quota and rate
 * 403s (Google rateLimitExceeded, quotaExceeded, RESOURCE_EXHAUSTED) are ProviderRateLimitError.
 */
export class ProviderPermissionError extends ProviderError {
  readonly kind = 'permission';
  override readonly name = 'ProviderPermissionError';
  constructor(message: string, provider: string, status: number, readonly reason: string | null) {
    super(message, provider, status);
  }
}

/** 429: back off for at least `retryAfterMs` (from Retry-After when the provider sent one). */
export class ProviderRateLimitError extends ProviderError {
  readonly kind = 'rate_limited';
  override readonly name = 'ProviderRateLimitError';
  constructor(message: string, provider: string, readonly retryAfterMs: number) {
    super(message, provider, 429);
  }
}

/** 5xx or network trouble: temporary, retry with backoff. */
export class ProviderUnavailableError extends ProviderError {
  readonly kind = 'unavailable';
  override readonly name = 'ProviderUnavailableError';
  constructor(message: string, provider: string, status?: number, readonly retryAfterMs?: number) {
    super(message, provider, status);
  }
}

/** 410: the sync token / delta link is no longer valid; reset it and run a full resync. */
export class SyncCursorExpiredError extends ProviderError {
  readonly kind = 'cursor_expired';
  override readonly name = 'SyncCursorExpiredError';
}

/**
 * A write based on a version the provider no longer holds (Google: updateContact with a stale
 * etag, 400 FAILED_PRECONDITION; Graph: the contact's changeKey moved since it was read). The
 * writer re-reads, merges against its base and tries again, a bounded number of times.
 */
export class ProviderConflictError extends ProviderError {
  readonly kind = 'conflict';
  override readonly name = 'ProviderConflictError';
}

/** Any other 4xx: our request is wrong; retrying the same request cannot help. */
export class ProviderRequestError extends ProviderError {
  readonly kind = 'request';
  override readonly name = 'ProviderRequestError';
}

/** A 404 from the provider: the item (contact, group) does not exist (any more). */
export const isNotFound = (err: unknown): err is ProviderRequestError => err instanceof ProviderRequestError && err.status === 404;

/** Parses Retry-After (delta-seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The synced group (Google contact group, Outlook folder) no longer exists. Never read as "the
 * group is empty": the pass fails, nothing is deleted, and the user picks another group.
 */
export class SyncGroupNotFoundError extends ProviderRequestError {
  constructor(readonly groupId: string, provider: string, status?: number) {
    super(`${provider} sync group ${groupId} no longer exists`, provider, status);
  }
}
