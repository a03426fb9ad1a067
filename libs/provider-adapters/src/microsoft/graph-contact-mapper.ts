import {
  applyProviderFieldRules,
  cleanText,
  compact,
  isEmptyAddress,
  normalizeContact,
  type Birthday,
  type CanonicalContact,
  type ContactAddress,
  type LabeledValue,
} from '@contact-sync/contact-model';
import type { GraphContact, GraphContactWrite, GraphPhysicalAddress } from './graph-contact-fields';

/** Outlook's three address slots, as labels on the canonical address (and back). */
type AddressSlot = 'businessAddress' | 'homeAddress' | 'otherAddress';
const SLOT_LABEL: Record<AddressSlot, string> = { businessAddress: 'work', homeAddress: 'home', otherAddress: 'other' };

/**
 * A birthday year that means "no year". Apple's clients store a year-less birthday as 1604 (the
 * `X-APPLE-OMIT-YEAR=1604` convention) and Outlook/Exchange contacts synced from iOS or Outlook for
 * iOS keep it; 1601 is the Windows FILETIME epoch, i.e. a zero date. Neither is a real birth year
 * in an address book.
 */
export const GRAPH_NO_YEAR_BIRTHDAY_YEARS: readonly number[] = [1601, 1604];
/** The year written back for a year-less birthday (the same convention, so it reads back year-less). */
export const GRAPH_NO_YEAR_WRITE_YEAR = 1604;

function mapAddress(a: GraphPhysicalAddress | null | undefined, label: string): ContactAddress | undefined {
  if (!a) return undefined;
  const address = compact({
    street: cleanText(a.street),
    city: cleanText(a.city),
    region: cleanText(a.state),
    postalCode: cleanText(a.postalCode),
    country: cleanText(a.countryOrRegion),
    label,
  });
  return isEmptyAddress(address) ? undefined : address;
}

/**
 * Outlook has three address slots, the canonical contact two (`address`, the CRM's main address,
 * and `postalAddress`). Main: business, else home, else other. Postal: other, else home, whichever
 * is not already the main one. Only a contact with all three loses one (home). The label records the
 * slot, so write-back puts each address back where it came from.
 */
export function pickGraphAddresses(contact: GraphContact): { address?: ContactAddress; postalAddress?: ContactAddress } {
  const business = mapAddress(contact.businessAddress, SLOT_LABEL.businessAddress);
  const home = mapAddress(contact.homeAddress, SLOT_LABEL.homeAddress);
  const other = mapAddress(contact.otherAddress, SLOT_LABEL.otherAddress);
  const address = business ?? home ?? other;
  const postalAddress = [other, home].find((a) => a && a !== address);
  return { address, postalAddress };
}

/**
 * Graph birthdays are DateTimeOffsets of which only the calendar date is meant (Outlook writes
 * 11:59 UTC so that no time zone moves the date); the date is read as written, never converted.
 */
export function parseGraphBirthday(value: string | null | undefined): Birthday | undefined {
  const match = cleanText(value)?.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const knownYear = year >= 1 && !GRAPH_NO_YEAR_BIRTHDAY_YEARS.includes(year) ? year : undefined;
  return compact({ year: knownYear, month, day });
}

export function formatGraphBirthday(birthday: Birthday): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(birthday.year ?? GRAPH_NO_YEAR_WRITE_YEAR, 4)}-${pad(birthday.month)}-${pad(birthday.day)}T11:59:00Z`;
}

function phones(contact: GraphContact): LabeledValue[] {
  const list: LabeledValue[] = [
    ...(contact.businessPhones ?? []).map((value) => ({ value, label: 'work' })),
    ...(contact.homePhones ?? []).map((value) => ({ value, label: 'home' })),
    ...(contact.mobilePhone ? [{ value: contact.mobilePhone, label: 'mobile' }] : []),
  ];
  return withPrimary(
    list.flatMap((p) => {
      const value = cleanText(p.value);
      return value ? [{ value, label: p.label }] : [];
    }),
  );
}

/** Graph has no primary flag: the first non-blank value is the one Outlook shows first. */
function withPrimary(values: LabeledValue[]): LabeledValue[] {
  return values.map((v, i) => (i === 0 ? { ...v, primary: true } : v));
}

/**
 * Maps a Graph `contact` to the canonical contact. Blank values are dropped; `personalNotes` is never
 * read, whatever the row holds (Microsoft notes are never synced).
 */
export function graphContactToContact(contact: GraphContact): CanonicalContact {
  const companyName = cleanText(contact.companyName);
  const { address, postalAddress } = pickGraphAddresses(contact);
  const mapped = normalizeContact({
    name: compact({
      displayName: cleanText(contact.displayName),
      givenName: cleanText(contact.givenName),
      familyName: cleanText(contact.surname),
      middleName: cleanText(contact.middleName),
      prefix: cleanText(contact.title),
      suffix: cleanText(contact.generation),
    }),
    // The e-mail's `name` is how Outlook displays the address, not a label: it is not synced.
    emails: withPrimary((contact.emailAddresses ?? []).flatMap((e) => {
      const value = cleanText(e?.address);
      return value ? [{ value }] : [];
    })),
    phones: phones(contact),
    address,
    postalAddress,
    instantMessengers: (contact.imAddresses ?? []).flatMap((m) => {
      const value = cleanText(m);
      return value ? [{ value }] : [];
    }),
    organization: companyName ? compact({ name: companyName, department: cleanText(contact.department) }) : undefined,
    jobTitle: cleanText(contact.jobTitle),
    birthday: parseGraphBirthday(contact.birthday),
  });
  return applyProviderFieldRules(mapped, 'microsoft');
}

const PHONE_LABELS: { slot: 'business' | 'home' | 'mobile'; pattern: RegExp }[] = [
  { slot: 'mobile', pattern: /^(mobile|cell|cellular)$/i },
  { slot: 'home', pattern: /^home$/i },
];

function toPhysicalAddress(a: ContactAddress): GraphPhysicalAddress {
  const structured = [a.street, a.extended, a.poBox].filter(Boolean).join('\n');
  const hasStructure = structured || a.city || a.region || a.postalCode || a.country || a.countryCode;
  return compact({
    street: structured || (hasStructure ? undefined : a.formatted),
    city: a.city,
    state: a.region,
    postalCode: a.postalCode,
    countryOrRegion: a.country ?? a.countryCode,
  });
}

function slotOfLabel(label: string | undefined): AddressSlot | undefined {
  if (!label) return undefined;
  if (/^(work|business)$/i.test(label)) return 'businessAddress';
  if (/^home$/i.test(label)) return 'homeAddress';
  if (/^other$/i.test(label)) return 'otherAddress';
  return undefined;
}

/**
 * The reverse mapping, for write-back. Every field that can go back is present: absent scalars as
 * `null` and absent lists as `[]` so that a PATCH clears what the CRM cleared. Never notes (not
 * synced with Microsoft) and never the photo (photos only come in).
 *
 * Phones go back by label: home → homePhones, the first mobile/cell → mobilePhone, everything else
 * (work, unlabeled, other labels, further mobiles) → businessPhones. Addresses go back to the slot
 * their label names (work/home/other); an address without such a label takes the first free slot
 * (main: business, home, other; postal: other, home, business). Slots no address targets are left
 * out of the body, so an Outlook address the CRM never saw is not erased.
 */
export function contactToGraphContact(input: CanonicalContact): GraphContactWrite {
  const contact = applyProviderFieldRules(input, 'microsoft');
  const businessPhones: string[] = [];
  const homePhones: string[] = [];
  let mobilePhone: string | null = null;
  for (const phone of contact.phones) {
    const slot = PHONE_LABELS.find((l) => phone.label && l.pattern.test(phone.label))?.slot ?? 'business';
    if (slot === 'mobile' && mobilePhone === null) mobilePhone = phone.value;
    else if (slot === 'home') homePhones.push(phone.value);
    else businessPhones.push(phone.value);
  }

  const addresses: Partial<Record<AddressSlot, GraphPhysicalAddress>> = {};
  const place = (a: ContactAddress | undefined, preference: AddressSlot[]) => {
    if (!a || isEmptyAddress(a)) return;
    const labelled = slotOfLabel(a.label);
    const slot = labelled && !addresses[labelled] ? labelled : preference.find((s) => !addresses[s]);
    if (slot) addresses[slot] = toPhysicalAddress(a);
  };
  // Labelled addresses claim their slots first, so an unlabelled one cannot take a labelled slot.
  const main = contact.address;
  const postal = contact.postalAddress;
  const mainFirst = !(slotOfLabel(postal?.label) && !slotOfLabel(main?.label));
  if (mainFirst) {
    place(main, ['businessAddress', 'homeAddress', 'otherAddress']);
    place(postal, ['otherAddress', 'homeAddress', 'businessAddress']);
  } else {
    place(postal, ['otherAddress', 'homeAddress', 'businessAddress']);
    place(main, ['businessAddress', 'homeAddress', 'otherAddress']);
  }

  const { name } = contact;
  return {
    ...(name.displayName ? { displayName: name.displayName } : {}),
    givenName: name.givenName ?? null,
    middleName: name.middleName ?? null,
    surname: name.familyName ?? null,
    title: name.prefix ?? null,
    generation: name.suffix ?? null,
    emailAddresses: contact.emails.map((e) => ({ address: e.value })),
    businessPhones,
    homePhones,
    mobilePhone,
    ...addresses,
    imAddresses: contact.instantMessengers.map((m) => m.value),
    companyName: contact.organization?.name ?? null,
    department: contact.organization?.department ?? null,
    jobTitle: contact.jobTitle ?? null,
    birthday: contact.birthday ? formatGraphBirthday(contact.birthday) : null,
  };
}

/** When Graph last changed the contact. */
export function graphUpdateTimeOf(contact: GraphContact): string | null {
  return cleanText(contact.lastModifiedDateTime) ?? null;
}

/** The contact's version: `changeKey`, else the OData etag. */
export function graphEtagOf(contact: GraphContact): string {
  return cleanText(contact.changeKey) ?? cleanText(contact['@odata.etag']) ?? '';
}

/** A delta row for a contact deleted from (or moved out of) the tracked folder. */
export function isGraphRemoved(contact: GraphContact): boolean {
  return contact['@removed'] !== undefined && contact['@removed'] !== null;
}
