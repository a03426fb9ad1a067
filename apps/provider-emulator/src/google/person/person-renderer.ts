import type { PersonField } from './person-fields';
import type { PersonRecord } from './person-record';

/**
 * A person as the API returns it: resourceName and etag always, then only the masked fields.
 * Uploaded photos' URLs are made absolute with `origin` (the emulator as the caller reached it).
 * Deleted persons (incremental sync only) carry just `metadata.deleted` and their source.
 */
export function renderPerson(p: PersonRecord, mask: ReadonlySet<PersonField>, origin = ''): Record<string, unknown> {
  const source = { type: 'CONTACT', id: p.sourceId, etag: p.sourceEtag, updateTime: p.updateTime };
  if (p.deleted) return { resourceName: p.resourceName, etag: p.etag, metadata: { sources: [source], deleted: true, objectType: 'PERSON' } };
  const out: Record<string, unknown> = p.omitEtag ? { resourceName: p.resourceName } : { resourceName: p.resourceName, etag: p.etag };
  for (const field of mask) {
    if (field === 'metadata') out.metadata = { sources: [source], objectType: 'PERSON' };
    else if (field === 'photos' && p.photoId && p.wire.photos) out.photos = p.wire.photos.map((ph) => ({ ...ph, url: `${origin}${(ph as { url: string }).url}` }));
    else if (p.wire[field]) out[field] = p.wire[field];
  }
  return out;
}
