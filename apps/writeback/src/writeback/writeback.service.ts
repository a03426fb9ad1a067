import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, type EventEnvelope, type EventPayload } from '@contact-sync/events';
import { AccessTokenClient, AccountGoneError, EventPublisher, ReconnectNeededError, SERVICE_CONFIG } from '@contact-sync/platform';
import { ProviderAccessTokenRejectedError, ProviderError, ProviderRateLimitError, ProviderRequestError, ProviderUnavailableError } from '@contact-sync/provider-adapters';
import type { WritebackConfig } from '../config/writeback-env.schema';
import { CONTACT_WRITERS, type ContactWriters } from '../providers/contact-writers.provider';
import { WritebackStateRepository, type KnownWrite } from '../state/writeback-state.repository';
import { AccountQueue } from './account-queue';
import { writeChange, type WriteOutcome } from './provider-write';

type Change = EventEnvelope<'crm-person.changed'>;
type Result = EventPayload<'writeback.completed'>;

/** Waits of one write on a throttled or failing provider (Retry-After honoured, capped), before it is reported as failed. */
const TRANSIENT_ATTEMPTS = 4;
const MAX_WAIT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Carries CRM person changes to the provider, one account at a time, and reports each result
 * (`writeback.completed`). Versions only move forward: a redelivered or older change is skipped.
 * The result is recorded before it is published, so a crash in between republishes it instead of
 * writing again.
 */
@Injectable()
export class WritebackService {
  private readonly logger = new Logger(WritebackService.name);
  private readonly queue = new AccountQueue();

  constructor(
    private readonly states: WritebackStateRepository,
    private readonly tokens: AccessTokenClient,
    private readonly events: EventPublisher,
    @Inject(CONTACT_WRITERS) private readonly writers: ContactWriters,
    @Inject(SERVICE_CONFIG) private readonly config: WritebackConfig,
  ) {}

  handle(event: Change): Promise<void> {
    return this.queue.run(event.accountId, () => this.handleInOrder(event));
  }

  private async handleInOrder(event: Change): Promise<void> {
    const { accountId, payload: p } = event;
    const known = await this.states.get(accountId, p.personId);
    if (known && p.personVersion <= known.lastVersion) {
      if (known.pendingResult && known.lastVersion === p.personVersion) await this.report(event, known.pendingResult);
      return;
    }
    const result = await this.attempt(event, known);
    await this.states.record(accountId, p.personId, p.personVersion, {
      ...(result.outcome === 'failed' ? {} : { externalId: result.externalId, etag: result.etag, base: result.contact, deleted: result.outcome === 'deleted' }),
      pendingResult: result,
    });
    await this.report(event, result);
  }

  private async report(event: Change, result: Result): Promise<void> {
    await this.events.publish(createEvent('writeback.completed', { companyId: event.companyId, accountId: event.accountId }, result));
    await this.states.reported(event.accountId, event.payload.personId, result.personVersion);
  }

  /** The write with its transient retries; what cannot be written becomes a failed result, never a lost one. */
  private async attempt(event: Change, known: KnownWrite | null): Promise<Result> {
    const p = event.payload;
    const writer = this.writers.get(p.provider);
    const live = known && !known.deleted ? known : null;
    const base = { externalId: p.externalId ?? live?.externalId ?? null, etag: p.baseEtag ?? live?.etag ?? null, contact: p.base ?? live?.base ?? null };
    let forceToken = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const token = await this.tokens.get(event.accountId, forceToken);
        return toResult(p, await writeChange(writer, token, p, base, this.config.WRITEBACK_CONFLICT_RETRIES));
      } catch (err) {
        const failure = classify(err);
        // A refused access token gets one forced refresh (as ingest does); other retries reuse it.
        forceToken = failure.code === 'token_rejected';
        if (failure.retryAfterMs === null || attempt >= TRANSIENT_ATTEMPTS) {
          this.logger.warn(`person ${p.personId} → account ${event.accountId}: ${failure.code}: ${failure.message}`);
          return failed(p, failure);
        }
        await sleep(Math.min(MAX_WAIT_MS, failure.retryAfterMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      }
    }
  }
}

interface Failure {
  code: string;
  message: string;
  permanent: boolean;
  /** null: retrying as is cannot help. */
  retryAfterMs: number | null;
}

function classify(err: unknown): Failure {
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

function toResult(p: Change['payload'], w: WriteOutcome): Result {
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

function failed(p: Change['payload'], f: Failure): Result {
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
