import { isPersonField, PERSON_FIELDS, type PersonField } from './person-fields';

const DOCS = 'Valid paths are documented at https://developers.google.com/people/api/rest/v1/people.connections/list.';

/** Parses a `personFields` mask; the API refuses a missing mask or an unknown path (400 INVALID_ARGUMENT). */
export function parsePersonFieldsMask(mask: string | undefined): { ok: true; fields: Set<PersonField> } | { ok: false; message: string } {
  if (!mask || !mask.trim()) return { ok: false, message: `personFields mask is required. Please specify one or more valid paths. ${DOCS}` };
  const fields = new Set<PersonField>();
  for (const raw of mask.split(',')) {
    const path = raw.trim().replace(/^person\./, '');
    if (!path) continue;
    if (!isPersonField(path)) return { ok: false, message: `Invalid personFields mask path: "${path}". ${DOCS}` };
    fields.add(path);
  }
  return fields.size ? { ok: true, fields } : { ok: false, message: `personFields mask is required. Please specify one or more valid paths. ${DOCS}` };
}

export const ALL_PERSON_FIELDS: ReadonlySet<PersonField> = new Set(PERSON_FIELDS);
