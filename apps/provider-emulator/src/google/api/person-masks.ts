import { ALL_PERSON_FIELDS, parsePersonFieldsMask } from '../person/person-fields-mask';
import type { PersonField } from '../person/person-fields';
import { invalidArgument } from './google-api-error';
import { first } from './query-params';

/** A read's `personFields` (required; `requestMask.includeField` is the deprecated spelling). */
export function requiredPersonFields(query: Record<string, unknown>): Set<PersonField> {
  const mask = parsePersonFieldsMask(first(query.personFields) ?? first(query['requestMask.includeField']));
  if (!mask.ok) throw invalidArgument(mask.message);
  return mask.fields;
}

/** The response mask of a single write: `personFields`, all fields when unset (createContact reference). */
export function writeResponseFields(query: Record<string, unknown>): ReadonlySet<PersonField> {
  const raw = first(query.personFields);
  if (!raw) return ALL_PERSON_FIELDS;
  const mask = parsePersonFieldsMask(raw);
  if (!mask.ok) throw invalidArgument(mask.message);
  return mask.fields;
}

/**
 * A batch write's `readMask`: undefined when empty, which "skips the post-mutate-get, and no data
 * will be returned in the response" (batchCreateContacts / batchUpdateContacts reference).
 */
export function batchReadMask(raw: unknown): Set<PersonField> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw invalidArgument(`Invalid value at 'read_mask' (type.googleapis.com/google.protobuf.FieldMask), ${JSON.stringify(raw)}`);
  const mask = parsePersonFieldsMask(raw);
  if (!mask.ok) throw invalidArgument(mask.message.replace('personFields', 'readMask'));
  return mask.fields;
}

/** `people/c123`, the form contact resource names take; anything else is refused as the API does. */
export function contactResourceName(raw: unknown): string {
  if (typeof raw !== 'string' || !/^people\/c\d+$/.test(raw)) throw invalidArgument(`Resource name "${String(raw)}" is not valid.`);
  return raw;
}
