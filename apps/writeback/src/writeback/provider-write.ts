import { mergeContacts, MERGED_FIELDS, sideState, stableStringify, type CanonicalContact } from '@contact-sync/contact-model';
import type { EventPayload } from '@contact-sync/events';
import { ProviderConflictError, type ContactProviderWriter, type ProviderContactVersion } from '@contact-sync/provider-adapters';
import type { KnownWrite } from '../state/writeback-state.repository';

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
      return { outcome: 'updated', version: await writer.update(token, base.externalId, current.etag, fitted.contact, current), merged, notSynced: fitted.notSynced };
    } catch (err) {
      if (!(err instanceof ProviderConflictError) || attempt >= retries) throw err;
    }
  }
}

/**
 * What a CRM delete does with the contact as the provider has it now: nothing to do when it is
 * gone, nothing when the user edited it since the base (the edit wins: the CRM restores the
 * person), else delete it.
 */
export function deleteDecision(current: ProviderContactVersion | null, base: WriteBase): 'gone' | 'keep' | 'delete' {
  if (!current) return 'gone';
  if (base.contact && current.etag !== base.etag && sideState(base.contact, current.contact) === 'changed') return 'keep';
  return 'delete';
}

export const DELETED: WriteOutcome = { outcome: 'deleted', version: null, merged: [], notSynced: [] };
export const keptBy = (current: ProviderContactVersion): WriteOutcome => ({ outcome: 'unchanged', version: current, merged: [], notSynced: [] });

async function deleteContact(writer: ContactProviderWriter, token: string, base: WriteBase): Promise<WriteOutcome> {
  if (!base.externalId) return DELETED;
  const current = await writer.read(token, base.externalId);
  const decision = deleteDecision(current, base);
  if (decision === 'keep') return keptBy(current as ProviderContactVersion);
  if (decision === 'delete') await writer.delete(token, base.externalId);
  return DELETED;
}

/**
 * What the person was last synced as. Writeback's own record is newer than the event's link when
 * it wrote another contact since (it recreated one the user deleted): the event's id would make a
 * third. Same contact: the event's base may be newer (a provider edit applied since), so it is kept.
 */
export function writeBaseOf(p: Change, known: KnownWrite | null): WriteBase {
  const live = known && !known.deleted ? known : null;
  return live?.externalId && live.externalId !== p.externalId
    ? { externalId: live.externalId, etag: live.etag, contact: live.base }
    : { externalId: p.externalId ?? live?.externalId ?? null, etag: p.baseEtag ?? live?.etag ?? null, contact: p.base ?? live?.base ?? null };
}
