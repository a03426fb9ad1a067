import type { LastChange } from '../../core/change-origin';
import type { FieldValue, PersonField, WritableField } from './person-fields';
import { toWireValue } from './person-normalizer';

/**
 * One contact of an emulated address book. Fields are held exactly as the API returns them
 * (field metadata, computed values, memberships, the default photo), so listing 25,000 persons
 * only picks fields.
 */
export interface PersonRecord {
  resourceName: string;
  /** Hex of the resourceName digits, as in Google's `metadata.sources[].id`. */
  sourceId: string;
  etag: string;
  sourceEtag: string;
  /** Change sequence of the last create, edit, membership change or deletion. */
  seq: number;
  updateTime: string;
  /**
   * When the person first shows in full listings, and when its latest change reaches sync results
   * (ms): the write time plus the write propagation delay in force then.
   */
  listedAt: number;
  visibleAt: number;
  deleted: boolean;
  /** Group resource names, in the order they were given. */
  groups: string[];
  wire: Partial<Record<PersonField, FieldValue[]>>;
  /** A generated avatar URL: Google returns one (default: true) for contacts without a photo. */
  defaultPhotoUrl: string;
  /** A photo uploaded through the admin API, served at PHOTO_PATH(photoId) without auth. */
  photoId?: string;
  /** Test control: rendered without an etag, as a record the sync must quarantine. */
  omitEtag?: boolean;
  /** Who made the last create, edit or deletion (membership changes of a deleted group included). */
  lastChange: LastChange;
  /** Field metadata objects shared by the person's values (they only differ in primary/verified). */
  meta: { primary: FieldValue; other: FieldValue; source: FieldValue };
}

export type FieldPatch = Partial<Record<WritableField, FieldValue[] | null>>;

export function fieldMetadataFor(sourceId: string): PersonRecord['meta'] {
  const source = Object.freeze({ type: 'CONTACT', id: sourceId });
  return {
    source,
    primary: Object.freeze({ primary: true, sourcePrimary: true, source }),
    other: Object.freeze({ source }),
  };
}

/** Stores given values of a field: the primary one flagged (first unless one says so), each tagged with its source. */
export function setField(p: PersonRecord, field: WritableField, values: FieldValue[] | null | undefined): void {
  if (values === undefined) return;
  if (values === null || values.length === 0) {
    delete p.wire[field];
    return;
  }
  const flagged = values.findIndex((v) => (v.metadata as { primary?: boolean } | undefined)?.primary === true);
  const primary = flagged >= 0 ? flagged : 0;
  p.wire[field] = values.map((v, i) => {
    let metadata = i === primary ? p.meta.primary : p.meta.other;
    if ((v.metadata as { verified?: boolean } | undefined)?.verified) metadata = { ...metadata, verified: true };
    return toWireValue(field, v, metadata);
  });
}

export function setMemberships(p: PersonRecord, groups: string[]): void {
  p.groups = [...new Set(groups)];
  if (!p.groups.length) {
    delete p.wire.memberships;
    return;
  }
  const metadata = p.meta.other;
  p.wire.memberships = p.groups.map((g) => ({
    metadata,
    contactGroupMembership: { contactGroupId: g.slice('contactGroups/'.length), contactGroupResourceName: g },
  }));
}

/** Where the emulator serves uploaded photos; made absolute with the request's origin when rendered. */
export const PHOTO_PATH = (id: string) => `/photos/${id}`;

/**
 * An uploaded photo replaces the photos; Google gives every contact without a photo a generated
 * avatar, flagged `default`.
 */
export function ensurePhoto(p: PersonRecord): void {
  if (p.photoId) p.wire.photos = [{ metadata: p.meta.primary, url: PHOTO_PATH(p.photoId) }];
  else if (!p.wire.photos?.length || p.wire.photos.every((ph) => (ph as { url?: string }).url?.startsWith('/photos/'))) {
    p.wire.photos = [{ metadata: p.meta.primary, url: p.defaultPhotoUrl, default: true }];
  }
}
