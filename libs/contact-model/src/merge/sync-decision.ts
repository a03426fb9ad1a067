import type { CanonicalContact } from '../canonical-contact';
import { stableStringify } from '../contact-hash';
import { MERGED_FIELDS } from './field-merge';

/** One side of a linked pair since the last sync: untouched, edited, or deleted. */
export type SideState = 'unchanged' | 'changed' | 'deleted';

/** What a sync does with one linked person/contact pair. */
export type SyncAction =
  | 'nothing'
  | 'write_to_provider'
  | 'apply_to_crm'
  | 'merge'
  | 'delete_at_provider'
  | 'delete_in_crm'
  | 'restore_in_crm'
  | 'recreate_at_provider'
  | 'end_link';

/**
 * The decision table of two-way sync (one status record per pair, as vdirsyncer). An edit always
 * beats a delete: the deleted side is restored from the edited one; both deleted ends the link.
 */
const TABLE: Record<SideState, Record<SideState, SyncAction>> = {
  //          provider:  unchanged             changed                 deleted
  unchanged: { unchanged: 'nothing', changed: 'apply_to_crm', deleted: 'delete_in_crm' },
  changed: { unchanged: 'write_to_provider', changed: 'merge', deleted: 'recreate_at_provider' },
  deleted: { unchanged: 'delete_at_provider', changed: 'restore_in_crm', deleted: 'end_link' },
};

export const decideSync = (crm: SideState, provider: SideState): SyncAction => TABLE[crm][provider];

/**
 * A side is changed when its synced fields differ from the base (the photo is not a synced field
 * of a merge). A provider change whose fields equal the base is the echo of our own write: unchanged.
 */
export function sideState(base: CanonicalContact | null, current: CanonicalContact | null): SideState {
  if (current === null) return 'deleted';
  if (base === null) return 'changed';
  return MERGED_FIELDS.every((f) => stableStringify(base[f] ?? null) === stableStringify(current[f] ?? null)) ? 'unchanged' : 'changed';
}
