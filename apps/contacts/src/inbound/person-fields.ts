import { displayNameOf, formatBirthday, type CanonicalContact } from '@contact-sync/contact-model';
import type { PersonCustomFields } from '../persons/person.schema';

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
