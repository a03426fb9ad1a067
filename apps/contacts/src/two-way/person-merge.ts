import { type CanonicalContact, type FieldDecision, mergeContacts, MERGED_FIELDS, personToContact, sideState, stableStringify, toPersonFields } from '@contact-sync/contact-model';

/**
 * A contact as a CRM person can hold it (no middle name, prefix or suffix): both sides and the
 * base are compared in these terms, so a name part the CRM never held is not a CRM "change".
 */
export const asPersonHolds = (c: CanonicalContact): CanonicalContact => {
  const fields = toPersonFields(c);
  return personToContact({ ...fields, address: fields.address ?? null });
};

/** The CRM side of a linked pair. */
export interface PersonSide {
  contact: CanonicalContact;
  /** When a CRM user last changed it (null: never, only syncs did). */
  changedAt: Date | null;
  deleted: boolean;
  /**
   * A CRM change of it is on its way to the provider (published or pending, no result yet). The
   * provider's modification time then includes our own write, so it cannot tell which edit came
   * later: the CRM's fields win, and writeback (which sees the provider's real edits) decides.
   */
  inFlight: boolean;
  /** Fields holding values the provider cannot hold (from the last write-back result). */
  notSyncedFields: ReadonlySet<string>;
}

export type InboundPlan =
  /**
   * Write these synced fields to the person (restoring it if deleted); `conflicts` go to its sync
   * history; `pushBack` when the result differs from the provider's contact in fields the provider
   * can hold, so the CRM's winning values must still go out.
   */
  | { kind: 'apply'; contact: CanonicalContact; conflicts: FieldDecision[]; pushBack: boolean }
  /** The person stays as it is: the change is an echo, or nothing the CRM lacks. */
  | { kind: 'keep' };

const differsOutside = (a: CanonicalContact, b: CanonicalContact, skip: ReadonlySet<string>) =>
  MERGED_FIELDS.some((f) => !skip.has(f) && stableStringify(a[f] ?? null) !== stableStringify(b[f] ?? null));

/**
 * A provider change of a two-way sync's linked contact, against the link's base (the decision
 * table of contact-model, seen from the CRM):
 *
 * | provider | CRM       | person                                                 |
 * |----------|-----------|--------------------------------------------------------|
 * | same     | any       | kept (an echo of our write, or nothing new)             |
 * | changed  | same      | the provider's contact                                 |
 * | changed  | changed   | merged field by field (the later edit wins a field)    |
 * | changed  | deleted   | restored with the provider's contact (the edit wins)   |
 *
 * A value the provider cannot hold (a fourth e-mail on Outlook) is a CRM-side difference from the
 * base, so the echo of our write never removes it.
 */
export function planInbound(base: CanonicalContact | null, person: PersonSide, incoming: { contact: CanonicalContact; changedAt: string | null }): InboundPlan {
  const apply = (contact: CanonicalContact): InboundPlan => ({ kind: 'apply', contact, conflicts: [], pushBack: false });
  if (!base) return apply(incoming.contact);
  const heldBase = asPersonHolds(base);
  const heldIncoming = asPersonHolds(incoming.contact);
  if (sideState(heldBase, heldIncoming) === 'unchanged') return { kind: 'keep' };
  if (person.deleted || sideState(heldBase, person.contact) === 'unchanged') return apply(incoming.contact);
  const merge = mergeContacts(
    heldBase,
    { contact: person.contact, changedAt: person.inFlight ? FAR_FUTURE : (person.changedAt?.toISOString() ?? null) },
    { contact: heldIncoming, changedAt: incoming.changedAt },
  );
  const conflicts = person.inFlight ? merge.conflicts.map((c) => ({ ...c, reason: 'the CRM change was being written to the provider' })) : merge.conflicts;
  return { kind: 'apply', contact: merge.contact, conflicts, pushBack: differsOutside(merge.contact, heldIncoming, person.notSyncedFields) };
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/**
 * The person after write-back reported the provider's representation of what it wrote: fields the
 * provider stores differently (normalised, or merged with the provider's own edit) take the
 * provider's value; values it cannot hold (`notSynced`) stay. Null when nothing changes.
 */
export function afterWrite(person: CanonicalContact, written: CanonicalContact, notSyncedFields: ReadonlySet<string>): CanonicalContact | null {
  const held = asPersonHolds(written);
  const next: Record<string, unknown> = { ...person };
  let changed = false;
  for (const field of MERGED_FIELDS) {
    if (notSyncedFields.has(field)) continue;
    if (stableStringify(person[field] ?? null) === stableStringify(held[field] ?? null)) continue;
    next[field] = held[field];
    changed = true;
  }
  return changed ? (next as unknown as CanonicalContact) : null;
}
