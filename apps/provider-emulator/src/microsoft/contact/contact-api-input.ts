import { SERVER_FIELDS, type ContactFields } from './contact-fields';
import { parseContactInput } from './contact-input';

/**
 * Collection sizes Outlook refuses on create and update, as observed (microsoft-graph-docs issue
 * 15276): "The multi value property EmailAddresses has 4 entries, that exceeds the max allowed
 * value of 3". homePhones and imAddresses limits are unconfirmed and not enforced.
 */
export const FIELD_LIMITS: Readonly<Partial<Record<keyof ContactFields, { max: number; property: string }>>> = {
  emailAddresses: { max: 3, property: 'EmailAddresses' },
  businessPhones: { max: 2, property: 'BusinessPhones' },
};

/** Emulator controls of the admin API that a Graph client cannot send. */
const ADMIN_ONLY = ['folderId', 'photo', 'omitEtag'];

/**
 * A Graph contact body of POST or PATCH: the writable properties. Read-only ones (`id`,
 * `changeKey`, `@odata.etag`, ...) are ignored, as OData services ignore them (unconfirmed for
 * Outlook); an unknown property is Graph's 400 RequestBodyRead.
 */
export function parseApiContact(body: unknown): { ok: true; fields: ContactFields } | { ok: false; code: string; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, code: 'RequestBodyRead', message: 'The request body must be a JSON object (a contact).' };
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if ((SERVER_FIELDS as readonly string[]).includes(key) || key.startsWith('@odata.')) continue;
    if (ADMIN_ONLY.includes(key)) return { ok: false, code: 'RequestBodyRead', message: `The property '${key}' does not exist on type 'microsoft.graph.contact'. Make sure to only use property names that are defined by the type or mark the type as open type.` };
    kept[key] = value;
  }
  const parsed = parseContactInput(kept, 'contact');
  if (!parsed.ok) {
    const unknown = parsed.errors.find((e) => e.endsWith('not a writable Graph contact field'));
    if (unknown) {
      const name = unknown.slice('contact.'.length).split(':')[0];
      return { ok: false, code: 'RequestBodyRead', message: `The property '${name}' does not exist on type 'microsoft.graph.contact'. Make sure to only use property names that are defined by the type or mark the type as open type.` };
    }
    return { ok: false, code: 'RequestBodyRead', message: parsed.errors.join('; ') };
  }
  for (const [field, limit] of Object.entries(FIELD_LIMITS) as [keyof ContactFields, { max: number; property: string }][]) {
    const n = (parsed.value.fields[field] as unknown[] | null | undefined)?.length ?? 0;
    // The code of this 400 is unconfirmed (only the message was observed).
    if (n > limit.max) return { ok: false, code: 'ErrorInvalidArgument', message: `The multi value property ${limit.property} has ${n} entries, that exceeds the max allowed value of ${limit.max}` };
  }
  return { ok: true, fields: parsed.value.fields };
}

const NAME_PARTS: readonly (keyof ContactFields)[] = ['givenName', 'middleName', 'surname'];

/**
 * Outlook composes `displayName` when a write leaves it out: on create, and on an update that
 * touches the name ("displayName may be overwritten by a generated value after updates to other
 * properties. To preserve a pre-existing value, always include it as displayName", contact-update).
 * The exact composition (locale, fileAs) is unconfirmed: given, middle and surname here.
 */
export function withComposedDisplayName(fields: ContactFields, current: ContactFields | undefined): ContactFields {
  if (fields.displayName !== undefined) return fields;
  if (current && !NAME_PARTS.some((p) => fields[p] !== undefined)) return fields;
  const merged = { ...current, ...fields };
  const composed = NAME_PARTS.map((p) => merged[p] as string | null | undefined).filter((v): v is string => Boolean(v)).join(' ');
  return composed ? { ...fields, displayName: composed } : fields;
}
