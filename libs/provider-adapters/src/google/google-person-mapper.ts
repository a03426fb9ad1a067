import type { people_v1 } from 'googleapis/build/src/apis/people/v1';
import {
  cleanText,
  compact,
  normalizeContact,
  type Birthday,
  type CanonicalContact,
  type ContactAddress,
  type LabeledValue,
} from '@contact-sync/contact-model';

type Person = people_v1.Schema$Person;
type Address = people_v1.Schema$Address;
interface WithMetadata {
  metadata?: people_v1.Schema$FieldMetadata;
}

/** Google marks one value of each field primary; it is the one the user sees first. */
function primaryFirst<T extends WithMetadata>(values: T[] | undefined): T[] {
  const list = values ?? [];
  const primary = list.find((v) => v.metadata?.primary);
  return primary ? [primary, ...list.filter((v) => v !== primary)] : list;
}

/** Addresses typed like this are the mailing address; the design keeps it apart from the main one. */
const POSTAL_TYPES = /^(postal|mailing)$/i;

function mapAddress(a: Address): ContactAddress {
  return compact({
    formatted: cleanText(a.formattedValue),
    street: cleanText(a.streetAddress),
    extended: cleanText(a.extendedAddress),
    poBox: cleanText(a.poBox),
    city: cleanText(a.city),
    region: cleanText(a.region),
    postalCode: cleanText(a.postalCode),
    country: cleanText(a.country),
    countryCode: cleanText(a.countryCode),
    label: cleanText(a.type),
  });
}

function mapBirthday(birthdays: people_v1.Schema$Birthday[] | undefined): Birthday | undefined {
  for (const b of primaryFirst(birthdays)) {
    const d = b.date;
    if (d?.month && d.day) return compact({ year: d.year || undefined, month: d.month, day: d.day });
    const text = cleanText(b.text)?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (text) return { year: Number(text[1]), month: Number(text[2]), day: Number(text[3]) };
  }
  return undefined;
}

/** Non-blank values, primary first and flagged as such. */
function labeled(values: (WithMetadata & { value?: string | null; type?: string | null })[] | undefined): LabeledValue[] {
  return primaryFirst(values)
    .flatMap((v) => {
      const value = cleanText(v.value);
      return value ? [compact({ value, label: cleanText(v.type) })] : [];
    })
    .map((v, i) => (i === 0 ? { ...v, primary: true } : v));
}

/** Maps a Google `Person` to the canonical contact. Blank values are dropped, never kept as "". */
export function googlePersonToContact(person: Person): CanonicalContact {
  const name = primaryFirst(person.names)[0];
  const addresses = primaryFirst(person.addresses);
  const postal = addresses.find((a) => a.type && POSTAL_TYPES.test(a.type));
  const main = addresses.find((a) => a !== postal);
  const org = primaryFirst(person.organizations)[0];
  const orgName = cleanText(org?.name);
  return normalizeContact({
    name: compact({
      displayName: cleanText(name?.unstructuredName) ?? cleanText(name?.displayName),
      givenName: cleanText(name?.givenName),
      familyName: cleanText(name?.familyName),
      middleName: cleanText(name?.middleName),
      prefix: cleanText(name?.honorificPrefix),
      suffix: cleanText(name?.honorificSuffix),
    }),
    emails: labeled(person.emailAddresses),
    phones: labeled(person.phoneNumbers),
    address: main ? mapAddress(main) : undefined,
    postalAddress: postal ? mapAddress(postal) : undefined,
    instantMessengers: primaryFirst(person.imClients).flatMap((m) => {
      const value = cleanText(m.username);
      return value ? [compact({ value, protocol: cleanText(m.protocol), label: cleanText(m.type) })] : [];
    }),
    organization: orgName ? compact({ name: orgName, department: cleanText(org?.department) }) : undefined,
    jobTitle: cleanText(org?.title),
    notes: cleanText(primaryFirst(person.biographies)[0]?.value),
    birthday: mapBirthday(person.birthdays),
  });
}

/** The URL of the person's own photo; Google's generated default avatar (`default: true`) does not count. */
export function googlePhotoUrlOf(person: Person): string | undefined {
  return cleanText(primaryFirst(person.photos).find((p) => !p.default && cleanText(p.url))?.url);
}

export function googleGroupIdsOf(person: Person): string[] {
  return (person.memberships ?? []).flatMap((m) => {
    const id = m.contactGroupMembership?.contactGroupResourceName;
    return id ? [id] : [];
  });
}

export function googleUpdateTimeOf(person: Person): string | null {
  const source = person.metadata?.sources?.find((s) => s.type === 'CONTACT') ?? person.metadata?.sources?.[0];
  return source?.updateTime ?? null;
}
