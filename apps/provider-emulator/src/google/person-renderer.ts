import type { GoogleAddressBook } from './google-address-book';
import { PERSON_FIELDS, type PersonField } from './google-person-fields';
import { invalidArgument } from './google-errors';

type Stored = NonNullable<ReturnType<GoogleAddressBook['get']>>;

/** Parses a `personFields` mask; the API refuses a missing or unknown path. */
export function parsePersonFields(mask: string | undefined): Set<PersonField> {
  if (!mask) throw invalidArgument('personFields mask is required. Please specify one or more valid paths. Valid paths are documented at https://developers.google.com/people/api/rest/v1/people.connections/list.');
  const paths = mask.split(',').map((p) => p.trim().replace(/^person\./, '')).filter(Boolean);
  for (const p of paths) {
    if (!(PERSON_FIELDS as readonly string[]).includes(p)) throw invalidArgument(`Invalid personFields mask path: "${p}". Valid paths are documented at https://developers.google.com/people/api/rest/v1/people.connections/list.`);
  }
  return new Set(paths as PersonField[]);
}

/** A person as the API returns it: resourceName and etag always, then only the requested fields. */
export function renderPerson(p: Stored, fields: Set<PersonField>): Record<string, unknown> {
  const source = { type: 'CONTACT', id: p.resourceName.replace('people/', ''), etag: p.etag, updateTime: p.updateTime };
  if (p.deleted) return { resourceName: p.resourceName, etag: p.etag, metadata: { sources: [source], deleted: true, objectType: 'PERSON' } };
  const out: Record<string, unknown> = { resourceName: p.resourceName, etag: p.etag };
  for (const field of fields) {
    if (field === 'metadata') out.metadata = { sources: [source], objectType: 'PERSON' };
    else if (field === 'memberships') {
      out.memberships = [...p.groups].map((g) => ({
        metadata: { source: { type: 'CONTACT', id: source.id } },
        contactGroupMembership: { contactGroupId: g.replace('contactGroups/', ''), contactGroupResourceName: g },
      }));
    } else if (p.fields[field] !== undefined) out[field] = withSourceMetadata(p.fields[field], source.id);
  }
  return out;
}

/** Field values carry `metadata.source` like the real API; the first value is primary unless told. */
function withSourceMetadata(value: unknown, id: string): unknown {
  if (!Array.isArray(value)) return value;
  const anyPrimary = value.some((v) => (v as { metadata?: { primary?: boolean } })?.metadata?.primary);
  return value.map((v, i) => {
    if (!v || typeof v !== 'object') return v;
    const own = (v as { metadata?: Record<string, unknown> }).metadata ?? {};
    return { ...v, metadata: { ...own, primary: anyPrimary ? own.primary === true : i === 0, source: { type: 'CONTACT', id } } };
  });
}
