import { mergeContacts, MERGED_FIELDS, sideState, stableStringify, type CanonicalContact } from '@contact-sync/contact-model';
import type { EventPayload } from '@contact-sync/events';
import { ProviderConflictError, type ContactProviderWriter, type ProviderContactVersion } from '@contact-sync/provider-adapters';

type Change = EventPayload<'crm-person.changed'>;
export type WriteOutcome = Pick<EventPayload<'writeback.completed'>, 'outcome' | 'merged' | 'notSynced'> & { version: ProviderContactVersion | null };

/** What the person was last synced as at the provider: the event's link base, else writeback's own record. */
export interface WriteBase {
  externalId: string | null;
  etag: string | null;
  contact: CanonicalContact | null;
}

const sameFields = (a: CanonicalContact, b: CanonicalContact) => MERGED_FIELDS.every((f) => stableStringify(a[f] ?? null) === stableStringify(b[f] ?? null));

/**
 * One CRM change carried to the provider, by the decision table: a new person is created in the
 * synced group; an edit is written at the provider's current version, merged field by field with
 * the provider's own edits since the base (re-read and re-merged on a conflict, `retries` times);
 * a contact deleted at the provider is recreated (the edit wins); a delete is skipped when the
 * provider edited the contact since the base (the edit wins: the CRM restores the person).
 */
export async function writeChange(writer: ContactProviderWriter, token: string, change: Change, base: WriteBase, retries: number): Promise<WriteOutcome> {
  if (change.change === 'delete') return deleteContact(writer, token, base);
  const contact = change.contact as CanonicalContact;
  const create = async (): Promise<WriteOutcome> => {
    const fitted = writer.fit(contact);
    return { outcome: 'created', version: await writer.create(token, change.groupId, fitted.contact), merged: [], notSynced: fitted.notSynced };
  };
  if (!base.externalId) return create();
  for (let attempt = 0; ; attempt++) {
    const current = await writer.read(token, base.externalId);
    if (!current) return create();
    const providerChanged = current.etag !== base.etag && (!base.contact || sideState(base.contact, current.contact) === 'changed');
    const merge = providerChanged
      ? mergeContacts(base.contact, { contact, changedAt: change.updatedAt }, { contact: current.contact, changedAt: current.updatedAt })
      : { contact, conflicts: [] };
    const fitted = writer.fit(merge.contact);
    const merged = merge.conflicts.map((c) => ({ ...c }));
    if (sameFields(fitted.contact, current.contact)) return { outcome: 'unchanged', version: current, merged, notSynced: fitted.notSynced };
    try {
      return { outcome: 'updated', version: await writer.update(token, base.externalId, current.etag, fitted.contact), merged, notSynced: fitted.notSynced };
    } catch (err) {
      if (!(err instanceof ProviderConflictError) || attempt >= retries) throw err;
    }
  }
}

async function deleteContact(writer: ContactProviderWriter, token: string, base: WriteBase): Promise<WriteOutcome> {
  if (!base.externalId) return { outcome: 'deleted', version: null, merged: [], notSynced: [] };
  const current = await writer.read(token, base.externalId);
  if (current && base.contact && current.etag !== base.etag && sideState(base.contact, current.contact) === 'changed') {
    return { outcome: 'unchanged', version: current, merged: [], notSynced: [] };
  }
  if (current) await writer.delete(token, base.externalId);
  return { outcome: 'deleted', version: null, merged: [], notSynced: [] };
}
