import { compact, displayNameOf, formatBirthday, parseBirthday, type CanonicalContact } from '@contact-sync/contact-model';
import type { Person, PersonCustomFields } from './person.schema';

/** The person fields a canonical contact determines (photo and ownership are handled apart). */
export interface SyncedPersonFields {
  name: string;
  firstName: string | null;
  lastName: string | null;
  emails: CanonicalContact['emails'];
  phones: CanonicalContact['phones'];
  address: CanonicalContact['address'] | null;
  organizationName: string | null;
  customFields: PersonCustomFields;
}

export function toPersonFields(contact: CanonicalContact): SyncedPersonFields {
  const customFields: PersonCustomFields = {};
  if (contact.instantMessengers.length) customFields.instant_messengers = contact.instantMessengers;
  if (contact.postalAddress) customFields.postal_address = contact.postalAddress;
  if (contact.notes) customFields.notes = contact.notes;
  if (contact.birthday) customFields.birthday = formatBirthday(contact.birthday);
  if (contact.jobTitle) customFields.job_title = contact.jobTitle;
  return {
    name: displayNameOf(contact),
    firstName: contact.name.givenName ?? null,
    lastName: contact.name.familyName ?? null,
    emails: contact.emails,
    phones: contact.phones,
    address: contact.address ?? null,
    organizationName: contact.organization?.name ?? null,
    customFields,
  };
}

/**
 * The reverse: the synced fields of a CRM person as a canonical contact (for write-back). The CRM
 * models fewer name parts than the providers (no middle name, prefix, suffix): compare two contacts
 * through `toPersonFields` when asking whether the CRM side changed.
 */
export function personToContact(person: Pick<Person, 'name' | 'firstName' | 'lastName' | 'emails' | 'phones' | 'address' | 'organizationName' | 'customFields'>): CanonicalContact {
  const custom = person.customFields ?? {};
  const birthday = custom.birthday ? parseBirthday(custom.birthday) : undefined;
  return compact({
    name: compact({ displayName: person.name, givenName: person.firstName ?? undefined, familyName: person.lastName ?? undefined }),
    emails: person.emails ?? [],
    phones: person.phones ?? [],
    address: person.address ?? undefined,
    postalAddress: custom.postal_address,
    instantMessengers: custom.instant_messengers ?? [],
    organization: person.organizationName ? { name: person.organizationName } : undefined,
    jobTitle: custom.job_title,
    notes: custom.notes,
    birthday,
  }) as CanonicalContact;
}
