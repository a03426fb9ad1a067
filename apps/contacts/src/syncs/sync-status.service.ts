import { Injectable } from '@nestjs/common';
import { DeadLetterRepository } from '@contact-sync/platform';
import type { SyncCrmStatus } from '@contact-sync/events';
import { SyncActivityRepository } from '../activity/sync-activity.repository';
import { LinkRepository } from '../links/link.repository';
import { PersonRepository } from '../persons/person.repository';
import { SyncConfigRepository } from './sync-config.repository';

const DEAD_LETTER_SAMPLES = 20;
const PHOTO_SAMPLES = 20;
const WRITEBACK_SAMPLES = 20;

/** What the CRM holds for one sync, read from the database at the time of asking (no tallies of events). */
@Injectable()
export class SyncStatusService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly configs: SyncConfigRepository,
    private readonly activity: SyncActivityRepository,
    private readonly deadLetters: DeadLetterRepository,
  ) {}

  async status(accountId: string): Promise<SyncCrmStatus> {
    const [linkedPersons, config, lastRun, windows, letters, photos, writeback, detached, awaitingEcho, deletedInCrm] = await Promise.all([
      this.persons.countForSync(accountId),
      this.configs.get(accountId),
      this.activity.lastRun(accountId),
      this.activity.windows(accountId),
      this.deadLetters.openForAccount(accountId, DEAD_LETTER_SAMPLES),
      this.links.photosNotSynced(accountId, PHOTO_SAMPLES),
      this.persons.writebackIssues(accountId, WRITEBACK_SAMPLES),
      this.links.countDetached(accountId),
      this.links.countAwaitingEcho(accountId),
      this.links.countDeletedInCrm(accountId),
    ]);
    const names = await this.persons.namesOf(photos.samples.map((s) => s.personId));
    return {
      accountId,
      appliedConfigVersion: config?.appliedConfigVersion ?? 0,
      linkedPersons,
      deletedInCrm,
      deadLettered: {
        count: letters.count,
        samples: letters.samples.map((s) => ({
          eventId: s.eventId,
          externalId: s.externalId,
          reason: s.reason,
          failedAt: new Date(s.failedAt).toISOString(),
        })),
      },
      photosNotSynced: {
        count: photos.count,
        samples: photos.samples.map((s) => ({ externalId: s.externalId, personId: s.personId, name: names.get(s.personId) ?? null, reason: s.reason })),
      },
      writeback: { failed: { count: writeback.failed, samples: writeback.samples }, notSyncedToProvider: writeback.notSynced, ownershipMoved: detached, awaitingEcho },
      activity: {
        // Dead letters never reach the apply step; they count as handled so "applying" can end.
        lastRun: lastRun
          ? { syncRunId: lastRun.syncRunId, processed: lastRun.processed + letters.count, added: lastRun.added, updated: lastRun.updated, deleted: lastRun.deleted }
          : { syncRunId: null, processed: letters.count, added: 0, updated: 0, deleted: 0 },
        last24h: windows.last24h,
        last7d: windows.last7d,
      },
    };
  }
}
