import { z } from 'zod';
import { ADDRESS_FIELDS, ADDRESS_PARTS, SERVER_FIELDS, STRING_FIELDS, STRING_LIST_FIELDS, WRITABLE_FIELDS, type ContactFields } from './contact-fields';
import { decodePhoto, photoInputSchema, type ContactPhoto } from '../../core/photo';

/** What an admin body may carry besides Graph fields: where the contact lives and its photo. */
export interface ContactInput {
  fields: ContactFields;
  /** A folder id; undefined keeps the current folder (edit) or means the default folder (create). */
  folderId?: string;
  /** A new photo, null to remove it, undefined to keep it. */
  photo?: ContactPhoto | null;
  /** Test control: listed without changeKey/etag (a record the sync must quarantine). */
  omitEtag?: boolean;
}

const str = z.string().nullable();
const address = z.object(Object.fromEntries(ADDRESS_PARTS.map((p) => [p, str.optional()]))).strict().nullable();
const emailAddress = z.object({ name: str.optional(), address: str.optional() }).strict();

/** DateTimeOffset as Graph writes it (seconds, optional fraction, Z or an offset), or a bare date. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const birthday = z
  .string()
  .nullable()
  .refine((v) => v === null || (DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v))), {
    message: 'expected an ISO 8601 date-time such as "1984-07-09T00:00:00Z"',
  });

const photo = photoInputSchema;

/** Checked key by key (unknown and server-set keys are reported before zod sees the body). */
const schema = z.object({
  ...Object.fromEntries(STRING_FIELDS.map((f) => [f, str.optional()])),
  ...Object.fromEntries(STRING_LIST_FIELDS.map((f) => [f, z.array(z.string()).nullable().optional()])),
  ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, address.optional()])),
  emailAddresses: z.array(emailAddress).nullable().optional(),
  birthday: birthday.optional(),
  folderId: z.string().min(1).optional(),
  photo: photo.optional(),
  omitEtag: z.boolean().optional(),
});

const pathOf = (where: string, path: (string | number)[]) => path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`), where);

/** Graph renders a birthday without milliseconds: "1906-12-09T11:59:00Z". */
export function normalizeBirthday(v: string): string {
  return new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Validates one admin contact body and names every problem with its path, e.g.
 * `contacts[3].emailAddresses[0].address: Expected string, received number`. Null (or [] / {})
 * clears a field, as a Graph PATCH does. Folder existence is checked by the caller.
 */
export function parseContactInput(body: unknown, where: string): { ok: true; value: ContactInput } | { ok: false; errors: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [`${where}: must be a JSON object (a Graph contact)`] };
  const errors: string[] = [];
  for (const key of Object.keys(body)) {
    if ((SERVER_FIELDS as readonly string[]).includes(key)) errors.push(`${where}.${key}: set by the server, cannot be given`);
    else if (!WRITABLE_FIELDS.includes(key) && !['folderId', 'photo', 'omitEtag'].includes(key)) errors.push(`${where}.${key}: not a writable Graph contact field`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) errors.push(...parsed.error.issues.map((i) => `${pathOf(where, i.path)}: ${i.message}`));
  let decoded: ContactPhoto | null | undefined;
  if (parsed.success && parsed.data.photo) {
    const p = decodePhoto(parsed.data.photo.contentType, parsed.data.photo.base64);
    if (typeof p === 'string') errors.push(`${where}.photo.base64: ${p}`);
    else decoded = p;
  } else if (parsed.success && parsed.data.photo === null) decoded = null;
  if (errors.length || !parsed.success) return { ok: false, errors };

  const { folderId, photo: _photo, omitEtag, ...rest } = parsed.data;
  const fields: ContactFields = {};
  for (const [key, value] of Object.entries(rest) as [keyof ContactFields, unknown][]) {
    if (value === undefined) continue;
    if (key === 'birthday') fields.birthday = value === null ? null : normalizeBirthday(value as string);
    else (fields as Record<string, unknown>)[key] = value;
  }
  return { ok: true, value: { fields, folderId, photo: decoded, omitEtag } };
}
