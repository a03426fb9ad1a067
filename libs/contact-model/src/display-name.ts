import type { CanonicalContact } from './canonical-contact';

/** Placeholder for a contact with no name, e-mail, phone or company: the CRM requires a person name. */
export const UNNAMED_PERSON = '(no name)';

/**
 * The CRM person's name. Providers allow nameless contacts; the CRM does not, so fall back to what a
 * user would recognise: the composed name, then the company, e-mail, phone.
 */
export function displayNameOf(contact: CanonicalContact): string {
  const { name } = contact;
  const composed = [name.prefix, name.givenName, name.middleName, name.familyName, name.suffix]
    .filter(Boolean)
    .join(' ');
  return (
    name.displayName ??
    (composed || undefined) ??
    contact.organization?.name ??
    contact.emails[0]?.value ??
    contact.phones[0]?.value ??
    UNNAMED_PERSON
  );
}
