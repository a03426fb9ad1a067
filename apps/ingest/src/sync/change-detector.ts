import { applyProviderFieldRules, canonicalContactSchema, contactHash, type ProviderKind, type QuarantinedContact } from '@contact-sync/contact-model';
import type { ProviderChange } from '@contact-sync/provider-adapters';
import type { ShadowEntry } from '../shadow/shadow.repository';

export type UpsertChange = Extract<ProviderChange, { kind: 'upsert' }>;
export type DetectedChange =
  | { kind: 'upsert'; change: UpsertChange; contactHash: string }
  | { kind: 'delete'; externalId: string; reason: 'deleted' | 'left_group' };

export interface PageDiff {
  changes: DetectedChange[];
  /** New to the shadow (inserted in bulk). */
  shadowInserts: ShadowEntry[];
  /** Known, with a new etag or content. */
  shadowUpdates: ShadowEntry[];
  shadowDeletes: string[];
  unchanged: number;
  /** Records that could not be mapped or hashed: listed, never a reason to fail the page. */
  quarantined: QuarantinedContact[];
}

export interface DiffOptions {
  /** Re-send this contact even when the shadow says it was sent (repairing full resync). */
  resend?: (externalId: string) => boolean;
  /**
   * Two-way syncs: a removal of a contact the shadow never saw is still sent. Write-back creates
   * contacts ingest may never have listed (created and deleted between two pulls), and contacts
   * links them; a removal it has no link for changes nothing there.
   */
  sendUnknownRemovals?: boolean;
}

/**
 * Compares one page of provider changes with the shadow. Only a different content hash is a change
 * (unless `resend` says otherwise); a new etag with the same synced content just refreshes the
 * shadow. Removing a contact we never synced (e.g. one outside the group) is nothing, unless the
 * sync is two-way (`sendUnknownRemovals`).
 */
export function diffPage(provider: ProviderKind, page: ProviderChange[], shadow: Map<string, ShadowEntry>, options: DiffOptions = {}): PageDiff {
  const diff: PageDiff = { changes: [], shadowInserts: [], shadowUpdates: [], shadowDeletes: [], unchanged: 0, quarantined: [] };
  for (const change of page) {
    const known = shadow.get(change.externalId);
    if (change.kind === 'remove') {
      if (known) diff.shadowDeletes.push(change.externalId);
      if (known || options.sendUnknownRemovals) diff.changes.push({ kind: 'delete', externalId: change.externalId, reason: change.reason });
      continue;
    }
    let contact: UpsertChange['contact'];
    let hash: string;
    try {
      // Checked here, before the shadow, rather than only by the event contract when publishing.
      const checked = canonicalContactSchema.safeParse(applyProviderFieldRules(change.contact, provider));
      if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300));
      contact = checked.data;
      hash = contactHash(contact);
    } catch (err) {
      diff.quarantined.push({ externalId: change.externalId, label: labelOf(change), reason: `not a valid contact: ${(err as Error).message}` });
      continue;
    }
    const photoNotSynced = change.photoNotSynced ?? null;
    const entry: ShadowEntry = { externalId: change.externalId, etag: change.etag, contactHash: hash, photoHash: contact.photo?.hash ?? null, photoNotSynced };
    // A photo that stops (or starts) being refused is a change too: the dashboard lists it.
    if (known?.contactHash === hash && (known.photoNotSynced ?? null) === photoNotSynced && !options.resend?.(change.externalId)) {
      diff.unchanged++;
      if (known.etag !== change.etag || known.kept) diff.shadowUpdates.push({ ...entry, photoHash: known.photoHash ?? null });
      continue;
    }
    diff.changes.push({ kind: 'upsert', change: { ...change, contact }, contactHash: hash });
    (known ? diff.shadowUpdates : diff.shadowInserts).push(entry);
  }
  return diff;
}

function labelOf(change: UpsertChange): string | null {
  const c = change.contact as { name?: { displayName?: string; givenName?: string }; emails?: { value?: string }[] } | undefined;
  return c?.name?.displayName ?? c?.name?.givenName ?? c?.emails?.[0]?.value ?? null;
}
