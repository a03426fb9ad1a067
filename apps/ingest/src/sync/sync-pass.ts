import { Inject, Injectable } from '@nestjs/common';
import type { ChangePage } from '@contact-sync/provider-adapters';
import type { QuarantinedContact } from '@contact-sync/contact-model';
import { MAX_QUARANTINE_SAMPLES } from '@contact-sync/events';
import { CONTACT_DRIVERS, type ContactDrivers } from '../providers/contact-drivers.provider';
import { QuarantineRepository } from '../quarantine/quarantine.repository';
import { ShadowRepository } from '../shadow/shadow.repository';
import type { HeldDeletion, SyncStateDocument } from '../state/sync-state.schema';
import { AccessTokenClient, ProviderBudget } from '@contact-sync/platform';
import { diffPage } from './change-detector';
import type { ChangeContext, OutgoingChange } from './change-events';
import type { LeaseKeeper } from './lease-keeper';
import { PagePublisher } from './page-publisher';
import { StopRequestedError } from './run-errors';

export interface PassMode {
  /** Full pull (every in-scope contact), swept for deletions afterwards. */
  full: boolean;
  /** Requested full resync: re-send every contact whatever the shadow says (contacts drops true duplicates). */
  repair: boolean;
}

export interface PassProgress {
  fetched: number;
  emitted: number;
  upserted: number;
  unchanged: number;
}

export interface PassResult {
  /** The sync's total (persisted across runs); `quarantine` holds at most MAX_QUARANTINE_SAMPLES of them. */
  quarantinedCount: number;
  quarantine: QuarantinedContact[];
  /** Deletions found (explicit removals, plus unseen contacts of a full pass): not yet applied. */
  deletions: HeldDeletion[];
  nextCursor: string | null;
  /** Shadow size before the deletions, plus quarantined contacts it does not hold. */
  inScope: number;
  shadowSize: number;
  /** Deletions of contacts the shadow never held (two-way: write-back made them): not in any total. */
  unlistedDeletions: number;
}

/**
 * One pull from the provider, page by page: upserts are published per page, deletions are only
 * collected (the runner decides, after the mass-deletion guard). A 401 gets exactly one forced token
 * refresh and the same page is retried (inside the driver); a provider error always propagates, so an error is never taken for an empty book.
 */
@Injectable()
export class SyncPass {
  constructor(
    private readonly shadows: ShadowRepository,
    private readonly tokens: AccessTokenClient,
    private readonly publisher: PagePublisher,
    @Inject(CONTACT_DRIVERS) private readonly drivers: ContactDrivers,
    private readonly quarantine: QuarantineRepository,
    private readonly budget: ProviderBudget,
  ) {}

  /** The sync's stored quarantine (what a failed run's summary reports: the list stays as it was). */
  quarantineTotal(accountId: string): Promise<{ count: number; samples: QuarantinedContact[] }> {
    return this.quarantine.summary(accountId, MAX_QUARANTINE_SAMPLES);
  }

  /** `progress` is counted up as pages are published, so a failed run's summary still says what it emitted. */
  async execute(state: SyncStateDocument, cursor: string | null, mode: PassMode, ctx: ChangeContext, keeper: LeaseKeeper, shouldStop: () => boolean, progress: PassProgress): Promise<PassResult> {
    const accountId = state._id;
    const driver = this.drivers.get(state.config.provider);
    // A full pass diffs against the whole shadow (one read, kept current in memory) and sweeps what it did not see.
    const known = mode.full ? await this.shadows.loadAll(accountId) : null;
    const unseen = new Set([...(known?.entries() ?? [])].filter(([, e]) => !e.kept).map(([id]) => id));
    const shadowSize = known ? known.size : await this.shadows.count(accountId);
    const handled = new Set<string>();
    const quarantined = new Map<string, QuarantinedContact>();
    const deletions = new Map<string, HeldDeletion>();
    const result: PassResult = { quarantinedCount: 0, quarantine: [], deletions: [], nextCursor: null, inScope: 0, shadowSize, unlistedDeletions: 0 };
    const unlisted = new Set<string>();

    const onPage = async (page: ChangePage) => {
      progress.fetched += page.fetched;
      const shadow = known ?? (await this.shadows.findMany(accountId, page.changes.map((c) => c.externalId)));
      const resend = mode.repair ? (id: string) => !handled.has(id) : undefined;
      const diff = diffPage(state.config.provider, page.changes, shadow, { resend, sendUnknownRemovals: state.config.direction === 'two_way' });
      const upserts = diff.changes.filter((c): c is Extract<OutgoingChange, { kind: 'upsert' }> => c.kind === 'upsert');
      const { emitted, rejected } = await this.publisher.publish(ctx, keeper, upserts, shadow, { inserts: diff.shadowInserts, updates: diff.shadowUpdates, deletes: [] });
      progress.emitted += emitted;
      progress.upserted += emitted;
      progress.unchanged += diff.unchanged;
      if (known) for (const e of [...diff.shadowInserts, ...diff.shadowUpdates]) if (!rejected.some((r) => r.externalId === e.externalId)) known.set(e.externalId, { ...e, kept: false });
      for (const c of diff.changes) {
        if (c.kind !== 'delete') continue;
        deletions.set(c.externalId, { externalId: c.externalId, reason: c.reason });
        if (!diff.shadowDeletes.includes(c.externalId)) unlisted.add(c.externalId);
      }
      for (const c of page.changes) {
        if (c.kind === 'upsert') {
          handled.add(c.externalId);
          unseen.delete(c.externalId);
          deletions.delete(c.externalId);
          unlisted.delete(c.externalId);
        }
      }
      // Quarantined records are in scope: never swept, counted, listed.
      for (const q of [...(page.quarantined ?? []), ...diff.quarantined, ...rejected]) {
        unseen.delete(q.externalId);
        quarantined.set(q.externalId, q);
      }
      await keeper.renew();
      if (shouldStop()) throw new StopRequestedError();
    };

    // The drivers take a token before each page (cached by AccessTokenClient) and, after a 401,
    // one forced refresh for the same page; a second 401 fails the pass as retryable.
    const pull = { nextCursor: null as string | null };
    // Each page's requests start with a token: that is where the company's provider budget is
    // taken (or waited for, the lease kept and a stop honoured meanwhile).
    const spend = () => this.budget.acquire(state.config.provider, state.companyId, `sync ${accountId}`, () => {
      keeper.assertHeld();
      if (shouldStop()) throw new StopRequestedError();
    });
    const request = {
      accessToken: async () => {
        await spend();
        return this.tokens.get(accountId, false);
      },
      onTokenRejected: async () => {
        await spend();
        return this.tokens.get(accountId, true);
      },
      groupId: state.config.groupId,
      cursor: mode.full ? null : cursor,
    };
    for await (const page of driver.pull(request, pull)) await onPage(page);
    result.nextCursor = pull.nextCursor;

    if (mode.full) for (const id of unseen) deletions.set(id, { externalId: id, reason: 'deleted' });
    result.deletions = [...deletions.values()];
    result.unlistedDeletions = [...unlisted].filter((id) => deletions.has(id)).length;
    // The store, not this pass, is the sync's quarantine: an incremental pass that sees no bad
    // record leaves earlier ones listed. A full pass drops those it no longer saw (left scope).
    await this.quarantine.applyPass(accountId, {
      quarantined: [...quarantined.values()],
      cleared: [...handled, ...deletions.keys()],
      seen: mode.full ? new Set([...handled, ...quarantined.keys()]) : undefined,
    });
    const total = await this.quarantine.summary(accountId, MAX_QUARANTINE_SAMPLES);
    result.quarantinedCount = total.count;
    result.quarantine = total.samples;
    const quarantinedIds = await this.quarantine.ids(accountId);
    const shadowNow = known ?? (await this.shadows.findMany(accountId, quarantinedIds));
    const quarantinedOutside = quarantinedIds.filter((id) => !shadowNow.has(id)).length;
    result.inScope = (known ? known.size : await this.shadows.count(accountId)) + quarantinedOutside;
    return result;
  }
}

