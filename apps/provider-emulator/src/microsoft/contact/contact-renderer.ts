import type { ContactRecord } from '../mailbox/mailbox';
import { ADDRESS_FIELDS, ALL_CONTACT_PROPERTIES, STRING_LIST_FIELDS } from './contact-fields';

const LISTS: readonly string[] = STRING_LIST_FIELDS;
const ADDRESSES: readonly string[] = [...ADDRESS_FIELDS];

/** The value Graph shows for a property: unset strings are null, collections [], addresses {}. */
function valueOf(c: ContactRecord, property: string): unknown {
  switch (property) {
    case 'createdDateTime':
      return c.createdDateTime;
    case 'lastModifiedDateTime':
      return c.lastModifiedDateTime;
    case 'changeKey':
      return c.changeKey;
    case 'parentFolderId':
      return c.folderId;
  }
  const v = (c.fields as Record<string, unknown>)[property];
  if (v !== undefined) return v;
  if (LISTS.includes(property) || property === 'emailAddresses') return [];
  if (ADDRESSES.includes(property)) return {};
  return null;
}

/** Which id a client sees: the regular one, or the immutable one it asked for with `Prefer: IdType="ImmutableId"`. */
export type IdKind = 'regular' | 'immutable';

export const idOf = (c: Pick<ContactRecord, 'id' | 'immutableId'>, kind: IdKind = 'regular'): string => (kind === 'immutable' ? c.immutableId : c.id);

/**
 * A contact as Graph returns it: `@odata.etag` (W/"changeKey"), `id`, then every property, or only
 * the `$select`ed ones (id and etag always come).
 */
export function renderContact(c: ContactRecord, select?: readonly string[], extra: Record<string, unknown> = {}, kind: IdKind = 'regular'): Record<string, unknown> {
  const id = idOf(c, kind);
  const out: Record<string, unknown> = c.omitEtag ? { ...extra, id } : { ...extra, '@odata.etag': `W/"${c.changeKey}"`, id };
  for (const p of select ?? ALL_CONTACT_PROPERTIES) if (p !== 'id' && !(c.omitEtag && p === 'changeKey')) out[p] = valueOf(c, p);
  return out;
}

/** A delta entry for a contact that left the folder (deleted or moved out), as Graph shows it. */
export const removedContact = (id: string) => ({ '@odata.type': '#microsoft.graph.contact', id, '@removed': { reason: 'deleted' } });
