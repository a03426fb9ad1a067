import { decodePhoto, photoInputSchema, type ContactPhoto } from '../../core/photo';
import { DERIVED_FIELDS, isPersonField, SINGLETON_FIELDS, type FieldValue, type PersonField, type WritableField } from './person-fields';

/** A person body of the admin API: Google `Person` fields plus the emulator's membership controls. */
export interface PersonInput {
  /** `null` (or `[]`) removes a field on an edit. */
  fields: Partial<Record<WritableField, FieldValue[] | null>>;
  /** Group resource names, ids or names; replaces the memberships (My Contacts is implied). */
  groups?: string[];
  /** False keeps the person out of My Contacts (default true). */
  inMyContacts?: boolean;
  /** Photo bytes served at a public URL (as lh3.googleusercontent.com does); null removes it. */
  photo?: ContactPhoto | null;
  /** Test control: the person is listed without an etag (a record the sync must quarantine). */
  omitEtag?: boolean;
}

type Rule = 'string' | 'value' | 'boolean' | 'url' | 'date' | readonly string[];

/**
 * Shapes of the fields contact sync reads, per the Person reference ('value': a non-empty string
 * that must be there). Other keys of a value pass through unchanged: Google has more sub-fields
 * than the sync needs. Hand-written rather than a schema library: it checks 25,000 bodies in
 * well under a second.
 */
const RULES: Partial<Record<WritableField, Record<string, Rule>>> = {
  names: {
    displayName: 'string', displayNameLastFirst: 'string', unstructuredName: 'string', familyName: 'string', givenName: 'string',
    middleName: 'string', honorificPrefix: 'string', honorificSuffix: 'string', phoneticFullName: 'string',
    phoneticFamilyName: 'string', phoneticGivenName: 'string',
  },
  emailAddresses: { value: 'value', type: 'string', displayName: 'string' },
  phoneNumbers: { value: 'value', type: 'string' },
  addresses: {
    formattedValue: 'string', type: 'string', poBox: 'string', streetAddress: 'string', extendedAddress: 'string', city: 'string',
    region: 'string', postalCode: 'string', country: 'string', countryCode: 'string',
  },
  imClients: { username: 'value', protocol: 'string', type: 'string' },
  organizations: { name: 'string', title: 'string', department: 'string', type: 'string', current: 'boolean' },
  biographies: { value: 'string', contentType: ['TEXT_PLAIN', 'TEXT_HTML'] },
  birthdays: { date: 'date', text: 'string' },
  photos: { url: 'url', default: 'boolean' },
};
const METADATA_RULES: Record<string, Rule> = { primary: 'boolean', verified: 'boolean' };
const OUTPUT_ONLY = new Set(['resourceName', 'etag', 'metadata', 'memberships', 'coverPhotos', 'ageRange', 'ageRanges']);

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function isUrl(v: string): boolean {
  try {
    return Boolean(new URL(v));
  } catch {
    return false;
  }
}

function checkDate(date: unknown, at: string, errors: string[]): void {
  if (!isObject(date)) return void errors.push(`${at}: expected an object {year?, month?, day?}, got ${kindOf(date)}`);
  const limits: Record<string, number> = { year: 9999, month: 12, day: 31 };
  for (const [k, v] of Object.entries(date)) {
    const max = limits[k];
    if (max === undefined) errors.push(`${at}.${k}: unknown key (a date has year, month and day)`);
    else if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > max) errors.push(`${at}.${k}: expected an integer from 0 to ${max}`);
  }
}

function checkKey(rule: Rule, v: unknown, at: string, errors: string[]): void {
  if (v === undefined) return void (rule === 'value' && errors.push(`${at}: required`));
  if (Array.isArray(rule)) return void (rule.includes(v as string) || errors.push(`${at}: expected one of ${rule.join(', ')}`));
  if (rule === 'date') return checkDate(v, at, errors);
  if (rule === 'boolean') return void (typeof v === 'boolean' || errors.push(`${at}: expected a boolean, got ${kindOf(v)}`));
  if (typeof v !== 'string') return void errors.push(`${at}: expected a string, got ${kindOf(v)}`);
  if (rule === 'value' && !v) errors.push(`${at}: must not be empty`);
  if (rule === 'url' && !isUrl(v)) errors.push(`${at}: expected an absolute URL`);
}

function checkValue(field: WritableField, value: unknown, at: string, errors: string[]): void {
  if (!isObject(value)) return void errors.push(`${at}: expected an object, got ${kindOf(value)}`);
  const rules = RULES[field];
  if (rules) for (const [key, rule] of Object.entries(rules)) checkKey(rule, value[key], `${at}.${key}`, errors);
  if (field === 'birthdays' && value.date === undefined && value.text === undefined) errors.push(`${at}: a birthday needs \`date\` or \`text\``);
  if (value.metadata !== undefined) {
    if (!isObject(value.metadata)) errors.push(`${at}.metadata: expected an object, got ${kindOf(value.metadata)}`);
    else for (const [key, rule] of Object.entries(METADATA_RULES)) checkKey(rule, value.metadata[key], `${at}.metadata.${key}`, errors);
  }
}

/**
 * One field of a Person body (admin seed or People API write): an array of values, or null to
 * remove it; undefined when it is invalid (the reasons are pushed to `errors`).
 */
export function parseFieldValues(field: WritableField, raw: unknown, at: string, errors: string[]): FieldValue[] | null | undefined {
  if (raw === null) return null;
  if (!Array.isArray(raw)) {
    errors.push(`${at}: expected an array of values (or null to remove), got ${kindOf(raw)}`);
    return undefined;
  }
  const before = errors.length;
  if (SINGLETON_FIELDS.has(field) && raw.length > 1) errors.push(`${at}: is a singleton for contact sources: at most one value`);
  raw.forEach((v, i) => checkValue(field, v, `${at}[${i}]`, errors));
  // Stored as copies (toWireValue), so the request body is never aliased.
  return errors.length === before ? (raw as FieldValue[]) : undefined;
}

/** Validates one admin person body; errors name the path and what is wrong. */
export function parsePersonInput(body: unknown, where: string): { ok: true; value: PersonInput } | { ok: false; errors: string[] } {
  if (!isObject(body)) return { ok: false, errors: [`${where}: must be a JSON object (a Google Person)`] };
  const errors: string[] = [];
  const fields: PersonInput['fields'] = {};
  let photo: ContactPhoto | null | undefined;
  for (const [key, raw] of Object.entries(body)) {
    if (key === 'groups' || key === 'inMyContacts' || key === 'omitEtag') continue;
    if (key === 'photo') {
      const parsed = photoInputSchema.safeParse(raw);
      if (!parsed.success) errors.push(`${where}.photo: expected {contentType: image/jpeg|image/png, base64} or null`);
      else if (parsed.data) {
        const decoded = decodePhoto(parsed.data.contentType, parsed.data.base64);
        if (typeof decoded === 'string') errors.push(`${where}.photo.base64: ${decoded}`);
        else photo = decoded;
      } else photo = null;
      continue;
    }
    if (OUTPUT_ONLY.has(key)) {
      const hint = DERIVED_FIELDS.has(key as PersonField) ? ' (memberships come from `groups`)' : '';
      errors.push(`${where}.${key}: output only, cannot be set${hint}`);
      continue;
    }
    if (!isPersonField(key)) {
      errors.push(`${where}.${key}: not a Person field`);
      continue;
    }
    const values = parseFieldValues(key as WritableField, raw, `${where}.${key}`, errors);
    if (values !== undefined) fields[key as WritableField] = values;
  }
  const { groups, inMyContacts, omitEtag } = body;
  if (omitEtag !== undefined && typeof omitEtag !== 'boolean') errors.push(`${where}.omitEtag: expected a boolean`);
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string' || !g))) {
    errors.push(`${where}.groups: expected an array of group names, ids or resource names`);
  }
  if (inMyContacts !== undefined && typeof inMyContacts !== 'boolean') errors.push(`${where}.inMyContacts: expected a boolean`);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { fields, groups: groups as string[] | undefined, inMyContacts: inMyContacts as boolean | undefined, photo, omitEtag: omitEtag as boolean | undefined },
  };
}
