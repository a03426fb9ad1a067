import {
  ProviderAccessTokenRejectedError,
  ProviderAuthError,
  ProviderPermissionError,
  ProviderRateLimitError,
  ProviderUnavailableError,
  SyncGroupNotFoundError,
} from '@contact-sync/provider-adapters';
import { backoffMs } from '../state/sync-state.repository';
import { AccountGoneError, ReconnectNeededError } from '../tokens/access-token.client';

export type RunErrorCode = 'reconnect_needed' | 'permission_missing' | 'rate_limited' | 'provider_unavailable' | 'deletions_need_confirmation' | 'group_not_found' | 'internal';
export interface RunError {
  code: RunErrorCode;
  message: string;
}

/** What a failed pass does to the state machine, by the shared error taxonomy (never by message text). */
export type FailureOutcome =
  | { action: 'reconnect'; error: RunError }
  /** The synced group/folder is gone: only a new configuration helps; nothing is deleted. */
  | { action: 'configure'; error: RunError }
  | { action: 'retry'; retryAfterMs: number; error: RunError }
  /** Accounts no longer has the account: stop, without a summary for a sync that is gone. */
  | { action: 'stop' };

export function mapFailure(err: unknown, failureCount: number): FailureOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof AccountGoneError) return { action: 'stop' };
  // Only a refused refresh (invalid_grant, revoked consent) means "reconnect"; a 401 never does on its own.
  if (err instanceof ProviderAuthError || err instanceof ReconnectNeededError) {
    return { action: 'reconnect', error: { code: 'reconnect_needed', message: 'The provider refused access: reconnect the account.' } };
  }
  // Before ProviderRequestError's generic retry: it is one, but retrying the same group cannot help.
  if (err instanceof SyncGroupNotFoundError) {
    return {
      action: 'configure',
      error: { code: 'group_not_found', message: 'the synced group/folder no longer exists at the provider: choose another group and start the sync again' },
    };
  }
  if (err instanceof ProviderPermissionError) {
    const what = err.reason ? ` (${err.reason})` : '';
    return {
      action: 'reconnect',
      error: { code: 'permission_missing', message: `The provider refused permission to read contacts${what}: reconnect the account and grant access to contacts.` },
    };
  }
  const backoff = backoffMs(failureCount);
  if (err instanceof ProviderRateLimitError) {
    return { action: 'retry', retryAfterMs: Math.max(err.retryAfterMs, 1000), error: { code: 'rate_limited', message } };
  }
  if (err instanceof ProviderUnavailableError) {
    return { action: 'retry', retryAfterMs: err.retryAfterMs ? Math.max(err.retryAfterMs, backoff) : backoff, error: { code: 'provider_unavailable', message } };
  }
  if (err instanceof ProviderAccessTokenRejectedError) {
    // Refused again right after a forced refresh: likely provider-side propagation; retry, do not disturb the user.
    return { action: 'retry', retryAfterMs: backoff, error: { code: 'provider_unavailable', message: `the provider refused a freshly refreshed access token: ${message}` } };
  }
  return { action: 'retry', retryAfterMs: backoff, error: { code: 'internal', message } };
}
