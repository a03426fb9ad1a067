import type { AnyEvent, SyncConfig } from '@contact-sync/events';
import { emptyContact, photoRefOf, type PhotoBytes, type QuarantinedContact } from '@contact-sync/contact-model';
import { ProviderRegistry, withPageToken, type ChangePage, type ContactProviderDriver, type ProviderChange, type PullRequest, type PullResult } from '@contact-sync/provider-adapters';
import { type AccessTokenClient, type EventPublisher } from '@contact-sync/platform';
import type { IngestConfig } from '../config/ingest-env.schema';
import { PhotoStoreClient } from '../photos/photo-store.client';
import type { ContactDrivers } from '../providers/contact-drivers.provider';

export const syncConfig = (groupId: string | null = null): SyncConfig => ({
  provider: 'google',
  ownerUserId: 'u1',
  groupId,
  groupName: groupId,
  direction: 'one_way',
  visibility: 'entire_company',
});

export function contactChange(externalId: string, name: string, photo?: PhotoBytes): Extract<ProviderChange, { kind: 'upsert' }> {
  return {
    kind: 'upsert',
    externalId,
    etag: `etag-${name}`,
    contact: { ...emptyContact(), name: { givenName: name }, ...(photo ? { photo: photoRefOf(photo) } : {}) },
    ...(photo ? { photo } : {}),
    updatedAt: null,
  };
}

/** What one pull yields: pages, or an error thrown before page `throwAt` (by index). */
export interface ScriptedPull {
  pages: { changes: ProviderChange[]; quarantined?: QuarantinedContact[] }[];
  nextCursor?: string;
  /** `times` (default 1): how often that page's request fails (a 401 is retried once with a refreshed token). */
  throwAt?: { page: number; error: Error; times?: number };
  /** Runs before page `page` is yielded (e.g. a re-configuration mid-pass). */
  beforePage?: { page: number; run: () => Promise<void> };
}

/** A ContactProviderDriver that plays one script per pull and records the requests. */
export class ScriptedDriver implements ContactProviderDriver {
  readonly provider = 'google' as const;
  readonly requests: PullRequest[] = [];
  readonly scripts: ScriptedPull[] = [];
  /** The token each page request ran with. */
  readonly tokensUsed: string[] = [];

  listGroups(): Promise<never[]> {
    return Promise.resolve([]);
  }

  async *pull(request: PullRequest, result: PullResult): AsyncGenerator<ChangePage> {
    this.requests.push(request);
    const script = this.scripts.shift();
    if (!script) throw new Error('no scripted pull left');
    for (let i = 0; i < script.pages.length; i++) {
      if (script.beforePage?.page === i) await script.beforePage.run();
      // Like the real drivers: the page's request runs under withPageToken (401 → one refresh, same page).
      let failures = script.throwAt?.page === i ? (script.throwAt.times ?? 1) : 0;
      await withPageToken(request, async (token) => {
        this.tokensUsed.push(token);
        if (failures-- > 0) throw script.throwAt?.error;
      });
      const page = script.pages[i];
      yield { changes: page.changes, fetched: page.changes.length, quarantined: page.quarantined ?? [] };
    }
    if (script.throwAt && script.throwAt.page >= script.pages.length) throw script.throwAt.error;
    result.nextCursor = script.nextCursor ?? 'cursor-1';
  }
}

export const driversOf = (driver: ContactProviderDriver): ContactDrivers => new ProviderRegistry<ContactProviderDriver>([driver]);

/** Records what would go to Kafka (the runner's output is the events, asserted by content). */
export class RecordingPublisher {
  readonly events: AnyEvent[] = [];
  publish(...events: AnyEvent[]): Promise<void> {
    this.events.push(...events);
    return Promise.resolve();
  }
  of<T extends AnyEvent['type']>(type: T): Extract<AnyEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
  }
  asPublisher(): EventPublisher {
    return this as unknown as EventPublisher;
  }
}

/** Hands out tokens; `failures` scripts errors for the next calls. */
export class FakeTokens {
  readonly calls: { force: boolean }[] = [];
  readonly failures: Error[] = [];
  get(_accountId: string, force = false): Promise<string> {
    this.calls.push({ force });
    const failure = this.failures.shift();
    return failure ? Promise.reject(failure) : Promise.resolve(`token-${this.calls.length}`);
  }
  forget(): void {
    // Nothing cached here.
  }
  asClient(): AccessTokenClient {
    return this as unknown as AccessTokenClient;
  }
}

export class FakePhotoStore extends PhotoStoreClient {
  readonly stored: string[] = [];
  fail: Error | null = null;
  constructor() {
    super({ INTERNAL_API_KEY: `ingest.${'t'.repeat(43)}` } as IngestConfig);
  }
  override put(hash: string): Promise<void> {
    if (this.fail) return Promise.reject(this.fail);
    this.stored.push(hash);
    return Promise.resolve();
  }
}

export const testConfig = (overrides: Partial<IngestConfig> = {}): IngestConfig =>
  ({ SYNC_INTERVAL_MS: 60_000, SYNC_LEASE_MS: 60_000, MASS_DELETION_MIN_COUNT: 10, MASS_DELETION_RATIO: 0.2, ...overrides }) as IngestConfig;
