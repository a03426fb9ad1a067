import type { EventPayload } from '@contact-sync/events';
import { AccountGoneError, ReconnectNeededError } from '@contact-sync/platform';
import { ProviderAccessTokenRejectedError, ProviderError, ProviderRateLimitError, ProviderRequestError, ProviderUnavailableError } from '@contact-sync/provider-adapters';
import type { WriteOutcome } from './provider-write';

type ChangePayload = EventPayload<'crm-person.changed'>;
type Result = EventPayload<'writeback.completed'>;

/** Why a write did not happen, and whether waiting can help. */
export interface Failure {
  code: string;
  message: string;
  permanent: boolean;
  /** null: retrying as is cannot help. */
  retryAfterMs: number | null;
}

export function classify(err: unknown): Failure {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof AccountGoneError) return { code: 'account_gone', message, permanent: true, retryAfterMs: null };
  if (err instanceof ReconnectNeededError) return { code: 'reconnect_needed', message, permanent: false, retryAfterMs: null };
  if (err instanceof ProviderRateLimitError) return { code: 'rate_limited', message, permanent: false, retryAfterMs: Math.max(err.retryAfterMs, 500) };
  if (err instanceof ProviderUnavailableError) return { code: 'provider_unavailable', message, permanent: false, retryAfterMs: err.retryAfterMs ?? 1_000 };
  if (err instanceof ProviderAccessTokenRejectedError) return { code: 'token_rejected', message, permanent: false, retryAfterMs: 0 };
  // Field limits, validation: the provider refuses this content; the person shows why.
  if (err instanceof ProviderRequestError) return { code: 'provider_refused', message, permanent: true, retryAfterMs: null };
  if (err instanceof ProviderError) return { code: err.kind, message, permanent: false, retryAfterMs: null };
  return { code: 'internal', message, permanent: false, retryAfterMs: 1_000 };
}

/** One item of a batch that can go again as it is: throttled, or skipped because an earlier one failed (Graph 424). */
export function isRetriableItem(err: ProviderError): boolean {
  return err.status === 424 || classify(err).retryAfterMs !== null;
}

export function toResult(p: ChangePayload, w: WriteOutcome): Result {
  return {
    personId: p.personId,
    provider: p.provider,
    personVersion: p.personVersion,
    outcome: w.outcome,
    externalId: w.version?.externalId ?? null,
    etag: w.version?.etag ?? null,
    contact: w.version?.contact ?? null,
    providerUpdatedAt: w.version?.updatedAt ?? null,
    merged: w.merged,
    notSynced: w.notSynced,
    error: null,
  };
}

export function failedResult(p: ChangePayload, f: Failure): Result {
  return {
    personId: p.personId,
    provider: p.provider,
    personVersion: p.personVersion,
    outcome: 'failed',
    externalId: p.externalId,
    etag: null,
    contact: null,
    providerUpdatedAt: null,
    merged: [],
    notSynced: [],
    error: { code: f.code, message: f.message.slice(0, 1000) || f.code, permanent: f.permanent },
  };
}
