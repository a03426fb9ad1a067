import type { CanonicalContact, ContactAddress, LabeledValue } from './canonical-contact';
import { stripForbiddenChars } from './text-hygiene';

/**
 * Trimmed text without forbidden control characters (see text-hygiene), or undefined for blank or
 * missing input: blank provider strings must not count as values. The one place text is normalised.
 */
export function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = stripForbiddenChars(value).trim();
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
export function normalizeContact(input: CanonicalContact): CanonicalContact {
  const contact = cleanStrings(input);
  const address = contact.address && !isEmptyAddress(contact.address) ? compact(contact.address) : undefined;
  const postalAddress = contact.postalAddress && !isEmptyAddress(contact.postalAddress) ? compact(contact.postalAddress) : undefined;
  return compact({
    name: compact(contact.name),
    emails: dedupeLabeled(contact.emails.filter(hasValue).map((e) => compact(e)), true),
    phones: dedupeLabeled(contact.phones.filter(hasValue).map((p) => compact(p)), false),
    address,
    postalAddress,
    instantMessengers: contact.instantMessengers.filter(hasValue).map((m) => compact(m)),
    organization: contact.organization?.name ? compact(contact.organization) : undefined,
    jobTitle: contact.jobTitle,
    notes: contact.notes,
    birthday: contact.birthday ? compact(contact.birthday) : undefined,
    photo: contact.photo,
  });
}

const hasValue = (v: { value?: string }): boolean => v.value !== undefined;

/**
 * Every string at any depth through `cleanText`, so a contact built by any path (adapter, test,
 * upgrade) is normalised once here; a string that was only control characters becomes absent.
 */
function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
  }
  return value;
}
