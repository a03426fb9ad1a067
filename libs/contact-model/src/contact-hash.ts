import { createHash } from 'node:crypto';
import type { CanonicalContact } from './canonical-contact';

/** JSON with object keys sorted at every depth; array order is kept (it is meaningful: primary first). */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Content hash of the synced fields. Ingest compares it with the provider shadow to publish only
 * real changes; contacts compares it with a link's base to drop duplicates and echoes.
 */
export function contactHash(contact: CanonicalContact): string {
  return createHash('sha256').update(stableStringify(contact)).digest('hex');
}
