import type { FieldValue, WritableField } from './person-fields';

/**
 * Output-only values Google computes when a contact is written (formattedType, displayName,
 * canonicalForm, …). Values the caller gave are kept as given; addresses' formattedValue is not
 * composed (see docs/provider-emulator.md, deviations).
 */
const TYPE_LABELS: Record<string, string> = {
  home: 'Home', work: 'Work', other: 'Other', mobile: 'Mobile', main: 'Main', homeFax: 'Home Fax', workFax: 'Work Fax',
  otherFax: 'Other Fax', pager: 'Pager', workMobile: 'Work Mobile', workPager: 'Work Pager', googleVoice: 'Google Voice',
};
const PROTOCOL_LABELS: Record<string, string> = {
  aim: 'AIM', msn: 'MSN', yahoo: 'Yahoo', skype: 'Skype', qq: 'QQ', googleTalk: 'Google Talk', icq: 'ICQ', jabber: 'Jabber', netMeeting: 'NetMeeting',
};
const TYPED_FIELDS: ReadonlySet<WritableField> = new Set(['emailAddresses', 'phoneNumbers', 'addresses', 'imClients', 'urls', 'relations', 'events']);

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function joined(parts: unknown[], sep = ' '): string | undefined {
  let out = '';
  for (const p of parts) {
    const t = text(p);
    if (t) out = out ? `${out}${sep}${t}` : t;
  }
  return out || undefined;
}

function addNameValues(out: FieldValue): void {
  const display = text(out.displayName) ?? joined([out.honorificPrefix, out.givenName, out.middleName, out.familyName, out.honorificSuffix]);
  if (display && !text(out.displayName)) out.displayName = display;
  if (!text(out.displayNameLastFirst)) {
    const lastFirst = text(out.familyName) ? joined([joined([out.familyName, joined([out.givenName, out.middleName])], ', '), out.honorificSuffix], ', ') : display;
    if (lastFirst) out.displayNameLastFirst = lastFirst;
  }
  if (!text(out.unstructuredName) && display) out.unstructuredName = display;
}

/** E.164 when the number is written in international form; Google leaves others without one. */
function canonicalPhone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value[0] !== '+' || !/^\+[\d\s().\-/]+$/.test(value)) return undefined;
  const digits = value.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : undefined;
}

/**
 * One stored value as the API returns it: `metadata` first (as Google orders it), the caller's
 * keys, then the computed ones. A single new object per value: seeding 25,000 persons is
 * allocation-bound.
 */
export function toWireValue(field: WritableField, value: FieldValue, metadata: FieldValue): FieldValue {
  const out: FieldValue = { metadata, ...value };
  out.metadata = metadata;
  if (field === 'names') addNameValues(out);
  if (TYPED_FIELDS.has(field) && typeof out.type === 'string' && out.type && !text(out.formattedType)) {
    out.formattedType = TYPE_LABELS[out.type] ?? out.type;
  }
  if (field === 'imClients' && typeof out.protocol === 'string' && out.protocol && !text(out.formattedProtocol)) {
    out.formattedProtocol = PROTOCOL_LABELS[out.protocol] ?? out.protocol;
  }
  if (field === 'phoneNumbers' && !text(out.canonicalForm)) {
    const canonical = canonicalPhone(out.value);
    if (canonical) out.canonicalForm = canonical;
  }
  return out;
}
