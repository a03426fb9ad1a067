import { isPersonField, type PersonField, type WritableField } from './person-fields';
import { isObject, parseFieldValues } from './person-input';
import type { FieldPatch } from './person-record';

/**
 * A Person body of a People API write (createContact, updateContact). Output-only fields
 * (resourceName, metadata apart from the source etag, photos, coverPhotos, ageRanges) are ignored,
 * as Google APIs ignore output-only input (AIP-203); photos have their own methods.
 */
export interface ApiPersonWrite {
  fields: FieldPatch;
  /** contactGroupResourceNames of the body's memberships; undefined when it has none. */
  memberships?: string[];
  /** `etag`, or the CONTACT source's `metadata.sources[].etag`: the version the client last read. */
  etag?: string;
}

const IGNORED = new Set(['resourceName', 'etag', 'metadata', 'memberships', 'photos', 'coverPhotos', 'ageRange', 'ageRanges']);

/** Fields `updatePersonFields` may name (updateContact reference); photos have updateContactPhoto. */
export const UPDATABLE_FIELDS: ReadonlySet<PersonField> = new Set<PersonField>([
  'addresses', 'biographies', 'birthdays', 'calendarUrls', 'clientData', 'emailAddresses', 'events', 'externalIds',
  'genders', 'imClients', 'interests', 'locales', 'locations', 'memberships', 'miscKeywords', 'names', 'nicknames',
  'occupations', 'organizations', 'phoneNumbers', 'relations', 'sipAddresses', 'urls', 'userDefined',
]);

export function parseApiPerson(body: unknown): { ok: true; value: ApiPersonWrite } | { ok: false; errors: string[] } {
  if (!isObject(body)) return { ok: false, errors: ['person: must be a JSON object (a Person)'] };
  const errors: string[] = [];
  const fields: FieldPatch = {};
  for (const [key, raw] of Object.entries(body)) {
    if (IGNORED.has(key)) continue;
    if (!isPersonField(key)) {
      errors.push(`Invalid JSON payload received. Unknown name "${key}" at 'person': Cannot find field.`);
      continue;
    }
    const values = parseFieldValues(key as WritableField, raw, `person.${key}`, errors);
    if (values !== undefined) fields[key as WritableField] = values;
  }
  const memberships = membershipsOf(body.memberships, errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { fields, ...(memberships ? { memberships } : {}), ...etagOf(body) } };
}

function membershipsOf(raw: unknown, errors: string[]): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    errors.push('person.memberships: expected an array');
    return undefined;
  }
  return raw.flatMap((m, i) => {
    const name = isObject(m) && isObject(m.contactGroupMembership) ? m.contactGroupMembership.contactGroupResourceName : undefined;
    if (typeof name === 'string' && name) return [name];
    // Domain memberships are read-only; a membership must name its contact group.
    errors.push(`person.memberships[${i}]: expected {contactGroupMembership: {contactGroupResourceName}}`);
    return [];
  });
}

function etagOf(body: Record<string, unknown>): { etag?: string } {
  if (typeof body.etag === 'string' && body.etag) return { etag: body.etag };
  const sources = isObject(body.metadata) && Array.isArray(body.metadata.sources) ? body.metadata.sources : [];
  const contact = sources.find((s): s is Record<string, unknown> => isObject(s) && s.type === 'CONTACT' && typeof s.etag === 'string');
  return contact ? { etag: contact.etag as string } : {};
}
