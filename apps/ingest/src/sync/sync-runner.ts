import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createEvent, type AnyEvent, type EventPayload } from '@contact-sync/events';
import { EventPublisher, SERVICE_CONFIG } from '@contact-sync/platform';
import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderUnavailableError,
  SyncCursorExpiredError,
} from '@contact-sync/provider-adapters';
import type { IngestConfig } from '../config/ingest-env.schema';
import { CONTACT_DRIVERS, type ContactDrivers } from '../providers/contact-drivers.provider';
import { ShadowRepository } from '../shadow/shadow.repository';
import { SyncStateRepository } from '../state/sync-state.repository';
import type { SyncStateDocument } from '../state/sync-state.schema';
import { AccessTokenClient, ReconnectNeededError } from '../tokens/access-token.client';
import { diffPage } from './change-detector';

type RunStats = EventPayload<'sync-run.completed'>['stats'];
type PassKind = 'full' | 'incremental' | 'resync';

const MAX_BACKOFF_MS = 15 * 60_000;

/** The lease was lost to another replica mid-run: stop without touching the state. */
class LeaseLostError extends Error {}

/** The service is shutting down: stop between pages and hand the sync back. */
class StopRequestedError extends Error {}

/**
 * Runs one claimed sync: pulls from the provider page by page, publishes only real changes, keeps
 * the shadow, sweeps deletions after full passes, and moves the state machine on by outcome.
 */
@Injectable()
export class SyncRunner {
  private readonly logger = new Logger(SyncRunner.name);

  constructor(
    private readonly states: SyncStateRepository,
    private readonly shadows: ShadowRepository,
    private readonly tokens: AccessTokenClient,
    private readonly events: EventPublisher,
    @Inject(CONTACT_DRIVERS) private readonly drivers: ContactDrivers,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  /** `shouldStop` is asked between pages (graceful shutdown). */
  async run(state: SyncStateDocument, owner: string, shouldStop: () => boolean = () => false): Promise<void> {
    const syncRunId = randomUUID();
    const startedAt = new Date().toISOString();
    let kind: PassKind = state.cursor && state.requestedKind !== 'full' ? 'incremental' : 'full';
    const accountId = state._id;
    try {
      let stats: RunStats;
      try {
        stats = await this.pass(state, owner, syncRunId, kind, shouldStop);
      } catch (err) {
        if (!(err instanceof SyncCursorExpiredError)) throw err;
        // 410: the cursor is gone. A full pass diffed against the shadow emits only the difference.
        this.logger.warn(`account ${accountId}: ${err.message}; running a full resync`);
        await this.states.saveCursor(accountId, owner, null);
        kind = 'resync';
        stats = await this.pass(state, owner, syncRunId, kind, shouldStop);
      }
      await this.states.succeed(state, owner, this.config.SYNC_INTERVAL_MS);
      await this.summarize(state, syncRunId, kind, startedAt, stats, null);
    } catch (err) {
      if (err instanceof StopRequestedError) {
        await this.states.handBack(state, owner);
        this.logger.log(`account ${accountId}: handed back at shutdown`);
        return;
      }
      if (err instanceof LeaseLostError) {
        this.logger.warn(`account ${accountId}: lease lost, another replica continues`);
        return;
      }
      const error = await this.fail(state, owner, err);
      await this.summarize(state, syncRunId, kind, startedAt, emptyStats(), error).catch((e) =>
        this.logger.error(`account ${accountId}: summary not published: ${e}`),
      );
    }
  }

  private async pass(state: SyncStateDocument, owner: string, syncRunId: string, kind: PassKind, shouldStop: () => boolean): Promise<RunStats> {
    const accountId = state._id;
    const { config } = state;
    const driver = this.drivers.get(config.provider);
    const accessToken = await this.tokens.get(accountId);
    const stats: RunStats = emptyStats();
    const full = kind !== 'incremental';
    // A full pass diffs against the whole shadow (one read) and afterwards deletes what it did not see.
    const known = full ? await this.shadows.loadAll(accountId) : null;
    const unseen = new Set(known?.keys() ?? []);
    const result = { nextCursor: null as string | null };
    const scope = { companyId: state.companyId, accountId };
    const context = { provider: config.provider, ownerUserId: config.ownerUserId, visibility: config.visibility, syncRunId };

    for await (const page of driver.pull({ accessToken, groupId: config.groupId, cursor: full ? null : state.cursor }, result)) {
      stats.fetched += page.fetched;
      const shadow = known ?? (await this.shadows.findMany(accountId, page.changes.map((c) => c.externalId)));
      const diff = diffPage(config.provider, page.changes, shadow);
      const events: AnyEvent[] = diff.changes.map((c) =>
        c.kind === 'upsert'
          ? createEvent('provider-contact.upserted', scope, {
              ...context,
              externalId: c.change.externalId,
              etag: c.change.etag,
              contactHash: c.contactHash,
              contact: c.change.contact,
              providerUpdatedAt: c.change.updatedAt,
            })
          : createEvent('provider-contact.deleted', scope, { ...context, externalId: c.externalId, reason: c.reason }),
      );
      // Publish before recording in the shadow: a crash in between re-sends (contacts is idempotent), never loses.
      await this.events.publish(...events);
      await this.shadows.apply(accountId, { inserts: diff.shadowInserts, updates: diff.shadowUpdates, deletes: diff.shadowDeletes });
      for (const c of page.changes) if (c.kind === 'upsert') unseen.delete(c.externalId);
      stats.upserted += diff.changes.filter((c) => c.kind === 'upsert').length;
      stats.deleted += diff.shadowDeletes.length;
      stats.unchanged += diff.unchanged;
      if (!(await this.states.renewLease(accountId, owner, this.config.SYNC_LEASE_MS))) throw new LeaseLostError();
      if (shouldStop()) throw new StopRequestedError();
    }

    if (unseen.size > 0) {
      const gone = [...unseen];
      const reason = kind === 'resync' ? 'missing_after_resync' : 'deleted';
      await this.events.publish(
        ...gone.map((externalId) => createEvent('provider-contact.deleted', scope, { ...context, externalId, reason })),
      );
      await this.shadows.apply(accountId, { inserts: [], updates: [], deletes: gone });
      stats.deleted += gone.length;
    }
    await this.states.saveCursor(accountId, owner, result.nextCursor);
    stats.inSync = await this.shadows.count(accountId);
    return stats;
  }

  /** Maps a failure onto the state machine by the shared error taxonomy, and says what the user sees. */
  private async fail(state: SyncStateDocument, owner: string, err: unknown): Promise<{ code: 'reconnect_needed' | 'rate_limited' | 'provider_unavailable' | 'internal'; message: string }> {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ProviderAuthError || err instanceof ReconnectNeededError) {
      const error = { code: 'reconnect_needed' as const, message: 'The provider refused access: reconnect the account.' };
      await this.states.needReconnect(state, owner, error);
      this.logger.warn(`account ${state._id}: reconnect needed (${message})`);
      return error;
    }
    const backoff = Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** state.failureCount);
    if (err instanceof ProviderRateLimitError) {
      const error = { code: 'rate_limited' as const, message };
      await this.states.retryLater(state, owner, Math.max(err.retryAfterMs, 1000), error);
      return error;
    }
    const code = err instanceof ProviderUnavailableError ? ('provider_unavailable' as const) : ('internal' as const);
    const retryAfter = err instanceof ProviderUnavailableError && err.retryAfterMs ? Math.max(err.retryAfterMs, backoff) : backoff;
    this.logger.error(`account ${state._id}: sync failed (${code}): ${message}`);
    await this.states.retryLater(state, owner, retryAfter, { code, message });
    return { code, message };
  }

  private async summarize(
    state: SyncStateDocument,
    syncRunId: string,
    kind: PassKind,
    startedAt: string,
    stats: RunStats,
    error: { code: 'reconnect_needed' | 'rate_limited' | 'provider_unavailable' | 'internal'; message: string } | null,
  ): Promise<void> {
    await this.events.publish(
      createEvent('sync-run.completed', { companyId: state.companyId, accountId: state._id }, {
        syncRunId,
        kind,
        status: error ? 'failed' : 'succeeded',
        startedAt,
        finishedAt: new Date().toISOString(),
        stats,
        error,
      }),
    );
  }
}

function emptyStats(): RunStats {
  return { fetched: 0, upserted: 0, deleted: 0, unchanged: 0, inSync: 0 };
}
