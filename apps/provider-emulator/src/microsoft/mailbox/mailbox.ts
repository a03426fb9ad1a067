import { ADMIN_CHANGE, type ChangeBy, type LastChange } from '../../core/change-origin';
import { systemClock, type Clock } from '../../core/clock';
import { opaque } from '../../core/ids';
import type { ContactFields } from '../contact/contact-fields';
import type { ContactInput } from '../contact/contact-input';
import type { ContactPhoto } from '../contact/contact-photo';
import { ContactFolderSet } from './contact-folder-set';
import { DeltaState, type DeltaEntry } from './delta-state';

export interface ContactRecord {
  /**
   * What Graph shows with `Prefer: IdType="ImmutableId"`: never changes, so the mailbox keys its
   * contacts by it (learn.microsoft.com/graph/outlook-immutable-id).
   */
  immutableId: string;
  /** The default (regular) id: a contact moved to another folder gets a new one. */
  id: string;
  folderId: string;
  fields: ContactFields;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** The mailbox change sequence of the last write: delta rounds return contacts above their start. */
  seq: number;
  photo?: ContactPhoto;
  /** Test control: rendered without changeKey and @odata.etag, a record the sync must quarantine. */
  omitEtag?: boolean;
  /** Who made the last create or edit. */
  lastChange: LastChange;
}

interface FolderContents {
  /** Immutable ids of the live contacts in creation order (a Set keeps insertion order and removes in O(1)). */
  members: Set<string>;
  /** Contacts that left the folder (deleted or moved out), ascending seq, with the regular id they left with. */
  removals: { seq: number; key: string; id: string }[];
}

/** null, [] and an address without parts clear a field (a Graph PATCH sets them so). */
const isEmpty = (v: unknown): boolean =>
  v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.values(v as object).every((x) => x === null || x === undefined));

/** Graph timestamps: UTC, seconds precision, "Z". */
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Exchange item ids look like `AAMkAD…=`, immutable ones like `AAkALg…`; opaque to clients. */
const regularId = () => `AAMkAD${opaque(33)}AAA=`;
const immutableId = () => `AAkALg${opaque(33)}AAA=`;
/** Exchange change keys are base64 strings that change on every write. */
const changeKey = () => `EQAAABYAAA${opaque(15)}`;

/**
 * One emulated Outlook mailbox's contacts: folders, contacts with a per-mailbox change sequence,
 * per-folder membership and removal logs (for @removed), and the delta state.
 */
export class Mailbox {
  readonly folders: ContactFolderSet;
  readonly delta = new DeltaState();
  private readonly contacts = new Map<string, ContactRecord>();
  /** Current regular id → immutable id. */
  private readonly regularIds = new Map<string, string>();
  /** Regular ids a contact had before a move or its deletion → immutable id (the admin API still takes them). */
  private readonly formerIds = new Map<string, string>();
  private readonly contents = new Map<string, FolderContents>();
  private readonly deletions = new Map<string, LastChange>();
  private seq = 0;

  constructor(
    readonly email: string,
    readonly clock: Clock = systemClock,
    /** Called at every write (the admin API's change waiters). */
    private readonly changed: () => void = () => undefined,
  ) {
    this.folders = new ContactFolderSet(email);
  }

  get currentSeq(): number {
    return this.seq;
  }

  /** `input.folderId` must exist (callers validate); the default folder when absent. */
  create(input: ContactInput, change: ChangeBy = ADMIN_CHANGE): ContactRecord {
    let key = immutableId();
    while (this.contacts.has(key)) key = immutableId();
    const now = graphTime(this.clock());
    const record: ContactRecord = {
      immutableId: key,
      id: this.newRegularId(key),
      folderId: input.folderId ?? this.folders.defaultFolder.id,
      fields: {},
      changeKey: '',
      createdDateTime: now,
      lastModifiedDateTime: now,
      seq: 0,
      lastChange: { ...change, at: now },
    };
    this.apply(record, input);
    this.touch(record, change);
    this.contacts.set(key, record);
    this.folder(record.folderId).members.add(key);
    return record;
  }

  /** A live contact by its current regular id or its immutable id, as Graph resolves ids. */
  get(id: string): ContactRecord | undefined {
    return this.contacts.get(id) ?? this.contacts.get(this.regularIds.get(id) ?? '');
  }

  /** A live contact by any id it has had (the admin API: tests keep the id they seeded with). */
  find(id: string): ContactRecord | undefined {
    return this.get(id) ?? this.contacts.get(this.formerIds.get(id) ?? '');
  }

  /**
   * Partial update; a new folderId moves the contact: a removal (with its old id) in the old
   * folder's delta, and a new regular id, as Outlook gives a moved item.
   */
  update(id: string, input: ContactInput, change: ChangeBy = ADMIN_CHANGE): ContactRecord | undefined {
    const record = this.get(id);
    if (!record) return undefined;
    this.apply(record, input);
    this.touch(record, change);
    if (input.folderId && input.folderId !== record.folderId) {
      this.leave(record);
      this.formerIds.set(record.id, record.immutableId);
      this.regularIds.delete(record.id);
      record.id = this.newRegularId(record.immutableId);
      record.folderId = input.folderId;
      this.folder(record.folderId).members.add(record.immutableId);
    }
    return record;
  }

  delete(id: string, change: ChangeBy = ADMIN_CHANGE): boolean {
    const record = this.get(id);
    if (!record) return false;
    this.seq++;
    this.leave(record);
    this.contacts.delete(record.immutableId);
    this.regularIds.delete(record.id);
    this.formerIds.set(record.id, record.immutableId);
    this.deletions.set(record.immutableId, { ...change, at: graphTime(this.clock()) });
    this.changed();
    return true;
  }

  /** Who made a contact's last change, deletions included (a deleted contact is otherwise gone). */
  lastChangeOf(id: string): (LastChange & { deleted: boolean }) | undefined {
    const live = this.find(id);
    if (live) return { ...live.lastChange, deleted: false };
    const gone = this.deletions.get(this.formerIds.get(id) ?? id);
    return gone ? { ...gone, deleted: true } : undefined;
  }

  /** Deletes a user folder, its subfolders and their contacts (Outlook moves them to Deleted Items). */
  deleteFolder(folderId: string): boolean {
    const gone = this.folders.delete(folderId);
    if (!gone) return false;
    for (const id of gone) {
      for (const key of [...(this.contents.get(id)?.members ?? [])]) this.delete(key);
      this.contents.delete(id);
    }
    return true;
  }

  /** Live contacts of a folder in creation order. */
  inFolder(folderId: string): ContactRecord[] {
    return [...(this.contents.get(folderId)?.members ?? [])].map((key) => this.contacts.get(key) as ContactRecord);
  }

  all(): ContactRecord[] {
    return [...this.contacts.values()];
  }

  count(): number {
    return this.contacts.size;
  }

  /**
   * What a delta round starting after `seq` returns for a folder, oldest change first: contacts
   * written since (added, edited, moved in) and contacts that left it since (deleted, moved out),
   * each removal with the regular id it left with (a contact moved out and back has a new one).
   * `seq` undefined: the initial round, every contact of the folder.
   */
  changesSince(folderId: string, seq?: number): DeltaEntry[] {
    const contents = this.contents.get(folderId);
    if (!contents) return [];
    const live = (key: string): DeltaEntry => ({ key, id: (this.contacts.get(key) as ContactRecord).id });
    if (seq === undefined) return [...contents.members].map(live);
    const changed: { seq: number; entry: DeltaEntry }[] = [];
    for (const key of contents.members) {
      const c = this.contacts.get(key) as ContactRecord;
      if (c.seq > seq) changed.push({ seq: c.seq, entry: live(key) });
    }
    for (let i = contents.removals.length - 1; i >= 0 && (contents.removals[i] as { seq: number }).seq > seq; i--) {
      const r = contents.removals[i] as FolderContents['removals'][number];
      changed.push({ seq: r.seq, entry: { key: r.key, id: r.id, removed: true } });
    }
    return changed.sort((a, b) => a.seq - b.seq).map((c) => c.entry);
  }

  private newRegularId(key: string): string {
    let id = regularId();
    while (this.regularIds.has(id) || this.formerIds.has(id)) id = regularId();
    this.regularIds.set(id, key);
    return id;
  }

  private apply(record: ContactRecord, input: ContactInput): void {
    for (const [key, value] of Object.entries(input.fields)) {
      if (isEmpty(value)) delete (record.fields as Record<string, unknown>)[key];
      else (record.fields as Record<string, unknown>)[key] = value;
    }
    if (input.photo === null) delete record.photo;
    else if (input.photo) record.photo = input.photo;
    if (input.omitEtag !== undefined) record.omitEtag = input.omitEtag || undefined;
  }

  private leave(record: ContactRecord): void {
    const contents = this.folder(record.folderId);
    contents.members.delete(record.immutableId);
    contents.removals.push({ seq: this.seq, key: record.immutableId, id: record.id });
  }

  private folder(id: string): FolderContents {
    let contents = this.contents.get(id);
    if (!contents) {
      contents = { members: new Set(), removals: [] };
      this.contents.set(id, contents);
    }
    return contents;
  }

  /** Every write: next sequence value, new change key, new modification time, who made it. */
  private touch(record: ContactRecord, change: ChangeBy): void {
    record.seq = ++this.seq;
    record.changeKey = changeKey();
    record.lastModifiedDateTime = graphTime(this.clock());
    record.lastChange = { by: change.by, operation: change.operation, at: record.lastModifiedDateTime };
    this.changed();
  }
}
