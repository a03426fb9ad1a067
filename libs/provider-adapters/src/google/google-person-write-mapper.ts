import type { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { applyProviderFieldRules, compact, type CanonicalContact, type ContactAddress, type LabeledValue } from '@contact-sync/contact-model';

type Person = people_v1.Schema$Person;
type Address = people_v1.Schema$Address;

/** The Person fields the canonical contact determines: what write-back names in `updatePersonFields`. */
export const GOOGLE_WRITTEN_FIELDS = ['names', 'emailAddresses', 'phoneNumbers', 'addresses', 'imClients', 'organizations', 'biographies', 'birthdays'] as const;

const POSTAL_TYPES = /^(postal|mailing)$/i;
const primary = { metadata: { primary: true } };

const labeled = (values: LabeledValue[]) =>
  values.map((v, i) => compact({ value: v.value, type: v.label, ...(i === 0 ? primary : {}) }));

function toAddress(a: ContactAddress, type: string | undefined): Address {
  return compact({
    formattedValue: a.formatted,
    streetAddress: a.street,
    extendedAddress: a.extended,
    poBox: a.poBox,
    city: a.city,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
    countryCode: a.countryCode,
    type,
  });
}

/**
 * The reverse of `googlePersonToContact`, for write-back: a Person body with every written field
 * (an absent one as `[]`, so updateContact clears what the CRM cleared). Never photos (they only
 * come in). `current` is the person as Google holds it: values the canonical contact does not model
 * are kept: addresses beyond the main and the postal one, organizations after the first. Reading
 * the result back with `googlePersonToContact` gives `contact` again.
 */
export function contactToGooglePerson(input: CanonicalContact, current?: Person): Person {
  const contact = applyProviderFieldRules(input, 'google');
  const { name } = contact;
  const names = [name.givenName, name.familyName, name.middleName, name.prefix, name.suffix, name.displayName].some(Boolean)
    ? [compact({ givenName: name.givenName, familyName: name.familyName, middleName: name.middleName, honorificPrefix: name.prefix, honorificSuffix: name.suffix, unstructuredName: name.displayName })]
    : [];

  const addresses: Address[] = [];
  // The main address must not read back as the postal one, nor the postal one as the main.
  if (contact.address) addresses.push({ ...toAddress(contact.address, contact.address.label && !POSTAL_TYPES.test(contact.address.label) ? contact.address.label : undefined), ...primary });
  if (contact.postalAddress) addresses.push(toAddress(contact.postalAddress, contact.postalAddress.label && POSTAL_TYPES.test(contact.postalAddress.label) ? contact.postalAddress.label : 'postal'));
  addresses.push(...unmodelledAddresses(current));

  const org = contact.organization || contact.jobTitle ? [{ ...compact({ name: contact.organization?.name, department: contact.organization?.department, title: contact.jobTitle }), ...primary }] : [];
  const otherOrgs = (current?.organizations ?? []).filter((o) => !o.metadata?.primary).slice(current?.organizations?.some((o) => o.metadata?.primary) ? 0 : 1);

  return {
    names,
    emailAddresses: labeled(contact.emails),
    phoneNumbers: labeled(contact.phones),
    addresses,
    imClients: contact.instantMessengers.map((m, i) => compact({ username: m.value, protocol: m.protocol, type: m.label, ...(i === 0 ? primary : {}) })),
    organizations: [...org, ...otherOrgs.map(stripMetadata)],
    biographies: contact.notes ? [{ value: contact.notes, contentType: 'TEXT_PLAIN' }] : [],
    birthdays: contact.birthday ? [{ date: compact({ year: contact.birthday.year, month: contact.birthday.month, day: contact.birthday.day }) }] : [],
  };
}

/** The current person's addresses that mapped to neither the main nor the postal address. */
function unmodelledAddresses(current: Person | undefined): Address[] {
  const all = current?.addresses ?? [];
  const ordered = [...all.filter((a) => a.metadata?.primary), ...all.filter((a) => !a.metadata?.primary)];
  const postal = ordered.find((a) => a.type && POSTAL_TYPES.test(a.type));
  const main = ordered.find((a) => a !== postal);
  return ordered.filter((a) => a !== postal && a !== main).map(stripMetadata);
}

/** Values are written without Google's output-only metadata (source, primary of another field). */
function stripMetadata<T extends { metadata?: unknown }>(value: T): Omit<T, 'metadata'> {
  const { metadata: _metadata, ...rest } = value;
  return rest;
}
