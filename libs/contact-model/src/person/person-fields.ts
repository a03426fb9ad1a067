import { formatBirthday, parseBirthday } from '../birthday';
import type { CanonicalContact, ContactAddress, InstantMessenger } from '../canonical-contact';
import { displayNameOf } from '../display-name';
import { compact } from '../normalize';

/**
 * The CRM person's side of the mapping between a CRM person and a canonical contact, as plain data
 * (no database schema): contacts stores these fields on its persons, and tests compare against them.
 */

/** Values of the sync's custom fields on a person, by CustomFieldKey. */
export type PersonCustomFieldValues = Partial<{
  instant_messengers: InstantMessenger[];
  postal_address: ContactAddress;
  notes: string;
  birthday: string;
  job_title: string;
}>;

/** The person fields a canonical contact determines (photo and ownership are handled apart). */
export interface PersonSyncedFields {
  name: string;
  firstName: string | null;
  lastName: string | null;
  emails: CanonicalContact['emails'];
  phones: CanonicalContact['phones'];
  address: ContactAddress | null;
  organizationName: string | null;
  customFields: PersonCustomFieldValues;
}

export function toPersonFields(contact: CanonicalContact): PersonSyncedFields {
  const customFields: PersonCustomFieldValues = {};
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
export function personToContact(person: PersonSyncedFields): CanonicalContact {
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
