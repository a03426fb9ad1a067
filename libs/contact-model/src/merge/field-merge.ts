import { emptyContact, type CanonicalContact } from '../canonical-contact';
import { stableStringify } from '../contact-hash';

/** The fields a two-way merge decides one by one (the photo only ever comes in: never merged). */
export const MERGED_FIELDS = [
  'name', 'emails', 'phones', 'address', 'postalAddress', 'instantMessengers', 'organization', 'jobTitle', 'notes', 'birthday',
] as const satisfies readonly (keyof CanonicalContact)[];
export type MergedField = (typeof MERGED_FIELDS)[number];

/** One side of a merge: the contact as that side holds it and when it last changed. */
export interface MergeSide {
  contact: CanonicalContact;
  /** ISO time of the side's last change (provider updateTime / lastModifiedDateTime, CRM updatedAt). */
  changedAt: string | null;
}

export interface FieldDecision {
  field: MergedField;
  crmValue: unknown;
  providerValue: unknown;
  winner: 'crm' | 'provider';
  reason: string;
}

export interface MergeResult {
  contact: CanonicalContact;
  /** Fields both sides changed to different values: both values and who won (the sync history). */
  conflicts: FieldDecision[];
}

const same = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);
const blank = (v: unknown) => v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0);

/**
 * Field-by-field three-way merge of the CRM's and the provider's contact against the link's base:
 *
 * | CRM vs base | provider vs base | result                                              |
 * |-------------|------------------|-----------------------------------------------------|
 * | same        | same             | base                                                |
 * | changed     | same             | CRM                                                 |
 * | same        | changed          | provider                                            |
 * | changed     | changed, equal   | that value                                          |
 * | changed     | changed, differ  | the later change (tie: the CRM's); loser recorded   |
 *
 * Without a base (a first match) every differing field is "changed on both", except that a blank
 * never overwrites a value: only blanking a value that was synced is a change.
 */
export function mergeContacts(base: CanonicalContact | null, crm: MergeSide, provider: MergeSide): MergeResult {
  const contact: Record<string, unknown> = {};
  const conflicts: FieldDecision[] = [];
  for (const field of MERGED_FIELDS) {
    const c = crm.contact[field];
    const p = provider.contact[field];
    const b = base?.[field];
    let value: unknown;
    if (same(c, p)) value = c;
    else if (base && same(c, b)) value = p;
    else if (base && same(p, b)) value = c;
    else if (!base && blank(c)) value = p;
    else if (!base && blank(p)) value = c;
    else {
      const providerLater = crm.changedAt !== null && provider.changedAt !== null && Date.parse(provider.changedAt) > Date.parse(crm.changedAt);
      const winner = providerLater ? 'provider' : 'crm';
      value = winner === 'provider' ? p : c;
      conflicts.push({ field, crmValue: c ?? null, providerValue: p ?? null, winner, reason: providerLater ? 'changed later at the provider' : 'changed later in the CRM (or at the same time)' });
    }
    if (value !== undefined) contact[field] = value;
  }
  // Lists and the name are always present on a canonical contact.
  return { contact: { ...emptyContact(), ...contact } as CanonicalContact, conflicts };
}
