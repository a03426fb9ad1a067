import type { CanonicalContact, ContactAddress, LabeledValue } from './canonical-contact';

/** Trimmed text, or undefined for blank/missing input: blank provider strings must not count as values. */
export function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** Drops undefined keys so that structurally equal objects serialize identically. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Keeps the first occurrence of each value (case-insensitive for e-mails), preserving provider order. */
export function dedupeLabeled(values: LabeledValue[], caseInsensitive: boolean): LabeledValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = caseInsensitive ? v.value.toLowerCase() : v.value;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function isEmptyAddress(address: ContactAddress | undefined): boolean {
  return !address || Object.keys(compact(address)).filter((k) => k !== 'label').length === 0;
}

/** Final pass every adapter output goes through: trims, dedupes, drops empties. */
export function normalizeContact(contact: CanonicalContact): CanonicalContact {
  const address = contact.address && !isEmptyAddress(contact.address) ? compact(contact.address) : undefined;
  const postalAddress = contact.postalAddress && !isEmptyAddress(contact.postalAddress) ? compact(contact.postalAddress) : undefined;
  return compact({
    name: compact(contact.name),
    emails: dedupeLabeled(contact.emails.map((e) => compact(e)), true),
    phones: dedupeLabeled(contact.phones.map((p) => compact(p)), false),
    address,
    postalAddress,
    instantMessengers: contact.instantMessengers.map((m) => compact(m)),
    organization: contact.organization ? compact(contact.organization) : undefined,
    jobTitle: contact.jobTitle,
    notes: contact.notes,
    birthday: contact.birthday ? compact(contact.birthday) : undefined,
    photoUrl: contact.photoUrl,
  });
}
