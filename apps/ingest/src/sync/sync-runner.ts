import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventPublisher, SERVICE_CONFIG } from '@contact-sync/platform';
import { SyncCursorExpiredError } from '@contact-sync/provider-adapters';
import type { IngestConfig } from '../config/ingest-env.schema';
import { SyncStateRepository, leaseOf } from '../state/sync-state.repository';
import type { SyncStateDocument } from '../state/sync-state.schema';
import type { ChangeContext } from './change-events';
import { needsConfirmation } from './deletion-policy';
import { mapFailure, type RunError } from './failure-mapper';
import { LeaseKeeper } from './lease-keeper';
import { PagePublisher } from './page-publisher';
import { LeaseLostError, StopRequestedError } from './run-errors';
import { emptyStats, summaryEvent, type PassKind, type RunStats } from './run-summary';
import { SyncPass, type PassProgress, type PassResult } from './sync-pass';
import { SyncRunMetrics, type SyncRunOutcome } from '../metrics/sync-run-metrics';

/**
 * Runs one claimed sync: chooses the pass (incremental, full, repairing full, resync after 410),
 * applies or holds its deletions, moves the state machine on by outcome and publishes the summary.
 * Every write is fenced by the run's lease (see SyncLease).
 */
@Injectable()
export class SyncRunner {
  private readonly logger = new Logger(SyncRunner.name);

  constructor(
    private readonly states: SyncStateRepository,
    private readonly pass: SyncPass,
    private readonly publisher: PagePublisher,
    private readonly events: EventPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    private readonly metrics: SyncRunMetrics,
  ) {}

  /** `state` is the claimed document (as returned by the claim); `shouldStop` is asked between pages. */
  async run(state: SyncStateDocument, owner: string, shouldStop: () => boolean = () => false): Promise<void> {
    const lease = leaseOf(state, owner);
    const keeper = new LeaseKeeper(this.states, lease, this.config.SYNC_LEASE_MS);
    const syncRunId = randomUUID();
    const run = { syncRunId, startedAt: new Date().toISOString(), kind: (state.cursor && state.requestedKind !== 'full' ? 'incremental' : 'full') as PassKind };
    const ctx: ChangeContext = { companyId: state.companyId, accountId: state._id, config: state.config, configVersion: state.configVersion, syncRunId };
    const progress: PassProgress = { fetched: 0, emitted: 0, upserted: 0, unchanged: 0 };
    const started = process.hrtime.bigint();
    let outcome: SyncRunOutcome = 'error';
    keeper.start();
    try {
      let result: PassResult;
      try {
        // A requested full pass (start, re-configuration, manual full resync) re-sends everything: it repairs.
        result = await this.pass.execute(state, state.cursor, { full: run.kind === 'full', repair: run.kind === 'full' }, ctx, keeper, shouldStop, progress);
      } catch (err) {
        if (!(err instanceof SyncCursorExpiredError)) throw err;
        // 410: the cursor is gone. A full pass diffed against the shadow emits only the difference.
        this.logger.warn(`account ${state._id}: ${err.message}; running a full resync`);
        if (!(await this.states.saveCursor(lease, null))) throw new LeaseLostError('lease lost');
        run.kind = 'resync';
        result = await this.pass.execute(state, null, { full: true, repair: false }, ctx, keeper, shouldStop, progress);
      }
      outcome = await this.finish(state, run, ctx, keeper, result, progress);
    } catch (err) {
      outcome = await this.onError(state, run, keeper, err, progress);
    } finally {
      keeper.stop();
      this.metrics.record(state.config.provider, run.kind, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async finish(state: SyncStateDocument, run: { syncRunId: string; kind: PassKind; startedAt: string }, ctx: ChangeContext, keeper: LeaseKeeper, result: PassResult, progress: PassProgress): Promise<SyncRunOutcome> {
    const lease = keeper.lease;
    // Progress spans both passes of a 410 resync; the result is the last pass's view of the book.
    const stats: RunStats = {
      ...progress,
      deleted: 0,
      inSync: result.inScope,
      quarantined: result.quarantinedCount,
      heldDeletions: 0,
    };
    const count = result.deletions.length;
    const limits = { minCount: this.config.MASS_DELETION_MIN_COUNT, ratio: this.config.MASS_DELETION_RATIO };
    // Removals of contacts the sync never listed are not deletions of its persons: not counted here.
    if (needsConfirmation(count - (result.unlistedDeletions ?? 0), result.shadowSize, limits, state.scopeChanged && run.kind !== 'incremental')) {
      // Nothing is deleted; the cursor moves on (the held list is what this pass saw).
      if (!(await this.states.saveCursor(lease, result.nextCursor))) throw new LeaseLostError('lease lost');
      const error: RunError = { code: 'deletions_need_confirmation', message: `confirm ${count} deletions` };
      if (!(await this.states.holdDeletions(state, lease, run.kind !== 'incremental', { runId: run.syncRunId, items: result.deletions }, error))) throw new LeaseLostError('lease lost');
      stats.heldDeletions = count;
      await this.events.publish(summaryEvent(state, run, { status: 'awaiting_confirmation', stats, quarantine: result.quarantine, error }));
      return 'awaiting_confirmation';
    }
    if (count > 0) {
      // An unseen contact is "deleted", unless the pass is a 410 resync or the first after a group change.
      const unseenReason = run.kind === 'resync' ? ('missing_after_resync' as const) : state.scopeChanged && run.kind === 'full' ? ('left_group' as const) : null;
      const deletions = result.deletions.map((d) => ({ kind: 'delete' as const, externalId: d.externalId, reason: unseenReason && d.reason === 'deleted' ? unseenReason : d.reason }));
      const { emitted } = await this.publisher.publish(ctx, keeper, deletions, new Map(), { inserts: [], updates: [], deletes: deletions.map((d) => d.externalId) });
      stats.emitted += emitted;
      stats.deleted = count;
      // Only contacts the shadow held were counted in scope.
      stats.inSync = Math.max(0, stats.inSync - (count - (result.unlistedDeletions ?? 0)));
    }
    if (!(await this.states.saveCursor(lease, result.nextCursor))) throw new LeaseLostError('lease lost');
    await this.states.succeed(state, lease, run.kind !== 'incremental', this.config.SYNC_INTERVAL_MS);
    await this.events.publish(summaryEvent(state, run, { status: 'succeeded', stats, quarantine: result.quarantine, error: null }));
    return 'succeeded';
  }

  private async onError(state: SyncStateDocument, run: { syncRunId: string; kind: PassKind; startedAt: string }, keeper: LeaseKeeper, err: unknown, progress: PassProgress): Promise<SyncRunOutcome> {
    const lease = keeper.lease;
    if (err instanceof StopRequestedError) {
      await this.states.handBack(state, lease);
      this.logger.log(`account ${state._id}: handed back at shutdown`);
      return 'handed_back';
    }
    if (err instanceof LeaseLostError) {
      this.logger.warn(`account ${state._id}: run fenced or taken over; stopped without further writes`);
      return 'lease_lost';
    }
    const outcome = mapFailure(err);
    if (outcome.action === 'stop') {
      await this.states.stopGone(state, lease);
      this.logger.warn(`account ${state._id}: account gone at accounts; sync stopped`);
      return 'account_gone';
    }
    if (outcome.action === 'configure') {
      await this.states.needConfiguration(state, lease, outcome.error);
      this.logger.warn(`account ${state._id}: ${outcome.error.code} (${err instanceof Error ? err.message : String(err)})`);
    } else if (outcome.action === 'reconnect') {
      await this.states.needReconnect(state, lease, outcome.error);
      this.logger.warn(`account ${state._id}: ${outcome.error.code} (${err instanceof Error ? err.message : String(err)})`);
    } else {
      this.logger.error(`account ${state._id}: sync failed (${outcome.error.code}): ${outcome.error.message}`);
      await this.states.retryLater(state, lease, outcome.delayMs, outcome.error);
    }
    // A failed run still reports the sync's quarantine total, so the dashboard list does not blink empty.
    const quarantine = await this.pass.quarantineTotal(state._id).catch(() => ({ count: 0, samples: [] }));
    await this.events
      .publish(summaryEvent(state, run, { status: 'failed', stats: { ...emptyStats(), ...progress, quarantined: quarantine.count }, quarantine: quarantine.samples, error: outcome.error }))
      .catch((e) => this.logger.error(`account ${state._id}: summary not published: ${e}`));
    return outcome.action === 'configure' ? 'needs_configuration' : outcome.action === 'reconnect' ? 'reconnect_needed' : 'retry_later';
  }
}
