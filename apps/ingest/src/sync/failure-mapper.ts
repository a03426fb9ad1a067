import {
  ProviderAccessTokenRejectedError,
  ProviderAuthError,
  ProviderPermissionError,
  ProviderRateLimitError,
  ProviderUnavailableError,
  SyncGroupNotFoundError,
} from '@contact-sync/provider-adapters';
import { backoffMs } from '../state/sync-state.repository';
import { AccountGoneError, ReconnectNeededError } from '@contact-sync/platform';

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
  /** The wait is a function of the failure count, which the state repository settles (a user request during the run resets it). */
  | { action: 'retry'; delayMs: RetryDelay; error: RunError }
  /** Accounts no longer has the account: stop, without a summary for a sync that is gone. */
  | { action: 'stop' };

export type RetryDelay = (failureCount: number) => number;

export function mapFailure(err: unknown): FailureOutcome {
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
  if (err instanceof ProviderRateLimitError) {
    const wait = Math.max(err.retryAfterMs, 1000);
    return { action: 'retry', delayMs: () => wait, error: { code: 'rate_limited', message } };
  }
  if (err instanceof ProviderUnavailableError) {
    const asked = err.retryAfterMs ?? 0;
    return { action: 'retry', delayMs: (n) => Math.max(asked, backoffMs(n)), error: { code: 'provider_unavailable', message } };
  }
  if (err instanceof ProviderAccessTokenRejectedError) {
    // Refused again right after a forced refresh: likely provider-side propagation; retry, do not disturb the user.
    return { action: 'retry', delayMs: backoffMs, error: { code: 'provider_unavailable', message: `the provider refused a freshly refreshed access token: ${message}` } };
  }
  return { action: 'retry', delayMs: backoffMs, error: { code: 'internal', message } };
}
