import type { ProviderKind } from '@contact-sync/contact-model';
import type { AdminHttp } from '@contact-sync/testing';
import type { PhotoFixture } from '../fixtures/photo-fixtures';

/** The two sync groups every scenario seeds: the one configured, and one that must stay out. */
export type GroupKey = 'clients' | 'suppliers';

/** Seeded contacts the suite refers to by role. */
export type ContactKey =
  | 'full1' | 'full2' | 'full3' | 'noName' | 'emoji' | 'manyEmails' | 'longNotes'
  | 'stays' | 'edited' | 'deleted' | 'moved' | 'both' | 'supplierOnly' | 'ungrouped' | 'added' | 'late';

/**
 * One provider's side of the end-to-end suite: how to seed, change and break its address book in
 * the emulator, and what the CRM must then show. The suite itself is provider-neutral.
 */
export interface ProviderScenario {
  readonly provider: ProviderKind;
  readonly email: string;
  readonly admin: AdminHttp;
  /** The emulator operation one page of a sync pull is counted under. */
  readonly pullOperation: string;
  /** Google contacts can sit in several groups; an Outlook contact lives in exactly one folder. */
  readonly multiGroup: boolean;
  /** Notes are never synced for Microsoft accounts. */
  readonly syncsNotes: boolean;
  /** A group id the account does not have. */
  readonly unknownGroupId: string;

  /** Creates the account and both groups, seeds the contacts; returns the group ids. */
  setup(): Promise<Record<GroupKey, string>>;
  /** The system group the account always has (Google "My contacts", Outlook's default folder). */
  systemGroup(): Promise<{ id?: string; name?: string }>;
  groupId(group: GroupKey): string;
  /** Adds a simple contact named `${name} Simple` to a group under a key. */
  addSimple(key: ContactKey, name: string, group: GroupKey): Promise<void>;
  rename(key: ContactKey, given: string, family: string): Promise<void>;
  /** Replaces the contact's phones with one work phone. */
  setWorkPhone(key: ContactKey, value: string): Promise<void>;
  /** Gives the contact a new provider photo and job title. */
  changePhotoAndTitle(key: ContactKey, title: string): Promise<void>;
  changeCompany(key: ContactKey, company: string, title: string): Promise<void>;
  /** Gives the contact exactly this provider photo (and nothing else changes). */
  setPhoto(key: ContactKey, photo: PhotoFixture): Promise<void>;
  moveTo(key: ContactKey, group: GroupKey): Promise<void>;
  remove(key: ContactKey): Promise<void>;
  /** Makes every outstanding sync cursor (sync token, delta link) invalid: the next pull gets 410. */
  expireCursors(): Promise<void>;

  /** The CRM person the full seed `n` must become, written out by hand. */
  expectedFullPerson(n: number): Record<string, unknown> & { organization: { name: string } };
  /** What the no-name contact becomes. */
  readonly expectedNoName: Record<string, unknown>;
}
