import { ADMIN_CHANGE as ADMIN, type ChangeBy } from '../../core/change-origin';
import { systemClock, type Clock } from '../../core/clock';
import { decimalId, opaque } from '../../core/ids';
import type { WritableField } from '../person/person-fields';
import { ensurePhoto, fieldMetadataFor, setField, setMemberships, type FieldPatch, type PersonRecord } from '../person/person-record';
import { ContactGroupSet } from './contact-group-set';
import { ListingRegistry } from './listing-registry';
import { SyncTokenRegistry } from './sync-token-registry';

/** Emulator-only controls of a person: an uploaded photo (id in the PhotoRegistry; null removes it), no etag. */
export interface PersonExtras {
  photoId?: string | null;
  omitEtag?: boolean;
}

function applyExtras(p: PersonRecord, extras: PersonExtras): void {
  if (extras.photoId === null) delete p.photoId;
  else if (extras.photoId !== undefined) p.photoId = extras.photoId;
  if (extras.omitEtag !== undefined) p.omitEtag = extras.omitEtag || undefined;
}

/**
 * One emulated Google account: contacts with a per-account change sequence (every create, edit,
 * membership change and deletion takes the next value; deletions leave tombstones), contact
 * groups, issued sync tokens and listings in progress.
 */
export class GoogleAddressBook {
  readonly groups = new ContactGroupSet();
  readonly syncTokens = new SyncTokenRegistry();
  readonly listings = new ListingRegistry();
  /** The people/me profile id. */
  readonly profileId = decimalId();
  private seq = 0;
  private readonly persons = new Map<string, PersonRecord>();

  /** The newest `visibleAt` of any change: sync results are up to date once the clock passes it. */
  private pendingUntil = 0;

  constructor(
    readonly email: string,
    readonly clock: Clock = systemClock,
    /** The write propagation delay for sync results (GoogleSettings), read at each write. */
    private readonly propagationDelayMs: () => number = () => 0,
    /** Called at every change (the admin API's change waiters). */
    private readonly changed: () => void = () => undefined,
  ) {}

  get currentSeq(): number {
    return this.seq;
  }

  create(fields: FieldPatch, groups: string[], extras: PersonExtras = {}, change: ChangeBy = ADMIN): PersonRecord {
    let digits = decimalId();
    while (this.persons.has(`people/c${digits}`)) digits = decimalId();
    const sourceId = BigInt(digits).toString(16);
    const person: PersonRecord = {
      resourceName: `people/c${digits}`,
      sourceId,
      etag: '',
      sourceEtag: '',
      seq: 0,
      updateTime: '',
      listedAt: 0,
      visibleAt: 0,
      deleted: false,
      groups: [],
      wire: {},
      defaultPhotoUrl: `https://lh3.googleusercontent.com/cm/${opaque(30)}=s100`,
      lastChange: { ...change, at: '' },
      meta: fieldMetadataFor(sourceId),
    };
    applyExtras(person, extras);
    this.applyFields(person, fields);
    setMemberships(person, groups);
    this.touch(person, change);
    person.listedAt = person.visibleAt;
    this.persons.set(person.resourceName, person);
    return person;
  }

  /** A live person (tombstones are only visible to incremental syncs). */
  get(resourceName: string): PersonRecord | undefined {
    const p = this.persons.get(resourceName);
    return p && !p.deleted ? p : undefined;
  }

  /** Replaces the given fields (null or [] removes one); `groups` replaces the memberships. */
  update(resourceName: string, patch: FieldPatch, groups?: string[], extras: PersonExtras = {}, change: ChangeBy = ADMIN): PersonRecord | undefined {
    const p = this.get(resourceName);
    if (!p) return undefined;
    applyExtras(p, extras);
    this.applyFields(p, patch);
    if (groups) setMemberships(p, groups);
    this.touch(p, change);
    return p;
  }

  /**
   * Deletes a user group as contactGroups.delete does without `deleteContacts`: its members stay,
   * without that membership (each a change an incremental sync sees).
   */
  deleteGroup(resourceName: string): boolean {
    if (!this.groups.delete(resourceName)) return false;
    for (const p of this.live()) {
      if (!p.groups.includes(resourceName)) continue;
      setMemberships(p, p.groups.filter((g) => g !== resourceName));
      this.touch(p, ADMIN);
    }
    return true;
  }

  delete(resourceName: string, change: ChangeBy = ADMIN): boolean {
    const p = this.get(resourceName);
    if (!p) return false;
    p.deleted = true;
    p.wire = {};
    p.groups = [];
    this.touch(p, change);
    return true;
  }

  live(): PersonRecord[] {
    return [...this.persons.values()].filter((p) => !p.deleted);
  }

  /**
   * Where a sync token may point so that no change is skipped: the highest sequence value up to
   * which every change has reached sync results (write propagation delay). Changes after it come
   * with a later incremental sync, once visible.
   */
  syncHorizon(now: number): number {
    if (now >= this.pendingUntil) return this.seq;
    let firstPending = Infinity;
    for (const p of this.persons.values()) if (p.visibleAt > now && p.seq < firstPending) firstPending = p.seq;
    return firstPending === Infinity ? this.seq : firstPending - 1;
  }

  /** Everything changed after `seq`, tombstones included, oldest change first. */
  changedSince(seq: number): PersonRecord[] {
    return [...this.persons.values()].filter((p) => p.seq > seq).sort((a, b) => a.seq - b.seq);
  }

  /** Any record, tombstones included, for rendering a listing. */
  record(resourceName: string): PersonRecord | undefined {
    return this.persons.get(resourceName);
  }

  memberCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of this.persons.values()) {
      if (p.deleted) continue;
      for (const g of p.groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    return counts;
  }

  liveCount(): number {
    let n = 0;
    for (const p of this.persons.values()) if (!p.deleted) n++;
    return n;
  }

  private applyFields(p: PersonRecord, patch: FieldPatch): void {
    for (const field of Object.keys(patch) as WritableField[]) setField(p, field, patch[field]);
    ensurePhoto(p);
  }

  /** Every modification: next sequence value, new etags, new update time, when sync results show it, who made it. */
  private touch(p: PersonRecord, change: ChangeBy): void {
    p.seq = ++this.seq;
    p.etag = `%Eg${opaque(24)}`;
    p.sourceEtag = `#${opaque(9)}`;
    const now = this.clock();
    p.visibleAt = now + Math.max(0, this.propagationDelayMs());
    this.pendingUntil = Math.max(this.pendingUntil, p.visibleAt);
    p.updateTime = new Date(now).toISOString();
    p.lastChange = { by: change.by, operation: change.operation, at: p.updateTime };
    this.changed();
  }
}
