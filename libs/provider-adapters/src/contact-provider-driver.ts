import type { CanonicalContact, PhotoBytes, ProviderKind, QuarantinedContact } from '@contact-sync/contact-model';

/** A segment of an address book the user can choose to sync (Google contact group, Outlook folder). */
export interface ProviderGroup {
  id: string;
  name: string;
  kind: 'system' | 'user';
  memberCount?: number;
}

export type ProviderChange =
  | {
      kind: 'upsert';
      externalId: string;
      etag: string;
      /** `contact.photo` is the reference; these are its bytes, for the photo store (never in events). */
      contact: CanonicalContact;
      photo?: PhotoBytes;
      /**
       * The provider has a photo for the contact that the CRM cannot store (too large, not an
       * image, refused): why. The contact syncs without it, and the dashboard lists it.
       */
      photoNotSynced?: string;
      updatedAt: string | null;
    }
  | {
      /** Deleted at the provider, or (incremental pulls) no longer in the synced group. */
      kind: 'remove';
      externalId: string;
      reason: 'deleted' | 'left_group';
    };

export interface ChangePage {
  changes: ProviderChange[];
  /** Contacts the provider returned on this page, before group filtering (for request accounting). */
  fetched: number;
  /**
   * In-scope records of this page that could not be mapped (no etag, no id, ...). They are not in
   * `changes`; a full pass counts them as present (never deletes their person) and lists them.
   */
  quarantined: QuarantinedContact[];
}

export interface PullRequest {
  /** Called before each page's requests (the caller caches the token and refreshes it near expiry). */
  accessToken: () => Promise<string>;
  /** After a 401: a forcibly refreshed token (defaults to `accessToken`). The page is retried once with it. */
  onTokenRejected?: () => Promise<string>;
  /** null: the whole address book. */
  groupId: string | null;
  /** null: full pull (every contact in scope is yielded); else an incremental pull from this cursor. */
  cursor: string | null;
}

export interface PullResult {
  /** Set once the last page has been read: the cursor for the next incremental pull. */
  nextCursor: string | null;
}

/**
 * What ingest (and accounts, for group lists) needs from a provider. Drivers do the paging, the
 * group scoping and the mapping to the canonical contact, and throw only ProviderError subclasses.
 * Adding a provider means adding a driver; the services do not change.
 */
export interface ContactProviderDriver {
  readonly provider: ProviderKind;
  listGroups(accessToken: string): Promise<ProviderGroup[]>;
  /** Yields pages; on a full pull every in-scope contact appears exactly once as an upsert. */
  pull(request: PullRequest, result: PullResult): AsyncGenerator<ChangePage>;
}
