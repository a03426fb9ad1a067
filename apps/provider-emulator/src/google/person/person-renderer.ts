import type { PersonField } from './person-fields';
import type { PersonRecord } from './person-record';

/**
 * A person as the API returns it: resourceName and etag always, then only the masked fields.
 * Deleted persons (incremental sync only) carry just `metadata.deleted` and their source.
 */
export function renderPerson(p: PersonRecord, mask: ReadonlySet<PersonField>): Record<string, unknown> {
  const source = { type: 'CONTACT', id: p.sourceId, etag: p.sourceEtag, updateTime: p.updateTime };
  if (p.deleted) return { resourceName: p.resourceName, etag: p.etag, metadata: { sources: [source], deleted: true, objectType: 'PERSON' } };
  const out: Record<string, unknown> = { resourceName: p.resourceName, etag: p.etag };
  for (const field of mask) {
    if (field === 'metadata') out.metadata = { sources: [source], objectType: 'PERSON' };
    else if (p.wire[field]) out[field] = p.wire[field];
  }
  return out;
}
