import type { CanonicalContact, PhotoBytes, ProviderKind, QuarantinedContact } from '@contact-sync/contact-model';
import type { ProviderError } from './provider-errors';

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

/** What the provider holds for one contact after a write (or a read): the link's new base. */
export interface ProviderContactVersion {
  externalId: string;
  /** Google etag, Graph changeKey: what the next update must be based on. */
  etag: string;
  /** The provider's own representation, mapped back (it may differ from what was written). */
  contact: CanonicalContact;
  updatedAt: string | null;
  /**
   * The provider's own object as read or written (writers only: an update based on this version
   * builds on it instead of reading the contact again). Never part of an event.
   */
  raw?: unknown;
}

/** Whether `read` is the caller's read of this contact at `etag`, with the provider's object: an update can build on it. */
export function isFreshRead(read: ProviderContactVersion | undefined, externalId: string, etag: string): read is ProviderContactVersion & { raw: object } {
  return read !== undefined && read.externalId === externalId && read.etag === etag && typeof read.raw === 'object' && read.raw !== null;
}

/** A contact cut to what the provider can hold, and the values left in the CRM only. */
export interface FittedContact {
  contact: CanonicalContact;
  notSynced: { field: string; value: unknown; reason: string }[];
}

/**
 * The write-back side of a provider. Photos are never written, Microsoft notes never leave; each
 * call is one provider mutation (plus a read where the provider has no precondition of its own).
 * Errors are the shared taxonomy; a stale `etag` is ProviderConflictError.
 */
export interface ContactProviderWriter {
  readonly provider: ProviderKind;
  /** What of `contact` the provider can hold (writes of more fail there); the rest stays in the CRM. */
  fit(contact: CanonicalContact): FittedContact;
  /** A new contact in the synced group/folder (null: the provider's default). */
  create(accessToken: string, groupId: string | null, contact: CanonicalContact): Promise<ProviderContactVersion>;
  /**
   * Replaces the synced fields, if the contact is still at `etag`. `current`: the version the
   * caller has just read at that etag, which spares the writer reading the contact again.
   */
  update(accessToken: string, externalId: string, etag: string, contact: CanonicalContact, current?: ProviderContactVersion): Promise<ProviderContactVersion>;
  /** Deletes the contact; one already gone counts as deleted. */
  delete(accessToken: string, externalId: string): Promise<void>;
  /** The current version, or null when the contact no longer exists. */
  read(accessToken: string, externalId: string): Promise<ProviderContactVersion | null>;
  /** Most new contacts one `createMany` call takes (the provider's batch limit). */
  readonly maxCreateBatch: number;
  /**
   * Several new contacts in the group in one provider call (its batch API), results in order. Where
   * the provider answers per contact (Graph `$batch`) a refused one comes back as its error and the
   * others are created; where one refusal fails the whole call (Google), or the call itself fails
   * (throttled, unavailable), that error is thrown and nothing was created.
   */
  createMany(accessToken: string, groupId: string | null, contacts: CanonicalContact[]): Promise<(ProviderContactVersion | ProviderError)[]>;
  /** Most contacts one `readMany` or `deleteMany` call takes. */
  readonly maxDeleteBatch: number;
  /** The current versions of several contacts in one call, in order (null: no longer exists); a refusal of any is thrown. */
  readMany(accessToken: string, externalIds: string[]): Promise<(ProviderContactVersion | null)[]>;
  /**
   * Deletes several contacts in one call (its batch API), results in order: null when deleted (or
   * already gone). Where the provider answers per contact (Graph `$batch`) a refused one comes back
   * as its error; where one refusal fails the whole call (Google), that error is thrown and nothing
   * was deleted.
   */
  deleteMany(accessToken: string, externalIds: string[]): Promise<(ProviderError | null)[]>;
}
