import { applyProviderFieldRules, contactHash, type ProviderKind } from '@contact-sync/contact-model';
import type { ProviderChange } from '@contact-sync/provider-adapters';
import type { ShadowEntry } from '../shadow/shadow.repository';

export type DetectedChange =
  | { kind: 'upsert'; change: Extract<ProviderChange, { kind: 'upsert' }>; contactHash: string }
  | { kind: 'delete'; externalId: string; reason: 'deleted' | 'left_group' };

export interface PageDiff {
  changes: DetectedChange[];
  /** New to the shadow (inserted in bulk). */
  shadowInserts: ShadowEntry[];
  /** Known, with a new etag or content. */
  shadowUpdates: ShadowEntry[];
  shadowDeletes: string[];
  unchanged: number;
}

/**
 * Compares one page of provider changes with the shadow. Only a different content hash is a change;
 * a new etag with the same synced content just refreshes the shadow. Removing a contact we never
 * synced (e.g. one outside the group) is nothing.
 */
export function diffPage(provider: ProviderKind, page: ProviderChange[], shadow: Map<string, ShadowEntry>): PageDiff {
  const diff: PageDiff = { changes: [], shadowInserts: [], shadowUpdates: [], shadowDeletes: [], unchanged: 0 };
  for (const change of page) {
    const known = shadow.get(change.externalId);
    if (change.kind === 'remove') {
      if (known) {
        diff.changes.push({ kind: 'delete', externalId: change.externalId, reason: change.reason });
        diff.shadowDeletes.push(change.externalId);
      }
      continue;
    }
    const contact = applyProviderFieldRules(change.contact, provider);
    const hash = contactHash(contact);
    const entry = { externalId: change.externalId, etag: change.etag, contactHash: hash };
    if (known?.contactHash === hash) {
      diff.unchanged++;
      if (known.etag !== change.etag) diff.shadowUpdates.push(entry);
      continue;
    }
    diff.changes.push({ kind: 'upsert', change: { ...change, contact }, contactHash: hash });
    (known ? diff.shadowUpdates : diff.shadowInserts).push(entry);
  }
  return diff;
}
