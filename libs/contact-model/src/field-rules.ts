import type { CanonicalContact } from './canonical-contact';

export type ProviderKind = 'google' | 'microsoft';
export const PROVIDERS: readonly ProviderKind[] = ['google', 'microsoft'];

export type SyncedField = Exclude<keyof CanonicalContact, never>;

interface FieldRule {
  /** Photos only come in, and only when the CRM person has none (design, "Fields synced"). */
  readonly outbound: boolean;
  /** Providers this field is never exchanged with. */
  readonly excludedFor: readonly ProviderKind[];
  /** Not a default CRM field: lives in a company custom field of this key. */
  readonly customFieldKey?: CustomFieldKey;
}

export const FIELD_RULES: Readonly<Record<SyncedField, FieldRule>> = {
  name: { outbound: true, excludedFor: [] },
  emails: { outbound: true, excludedFor: [] },
  phones: { outbound: true, excludedFor: [] },
  address: { outbound: true, excludedFor: [] },
  postalAddress: { outbound: true, excludedFor: [], customFieldKey: 'postal_address' },
  instantMessengers: { outbound: true, excludedFor: [], customFieldKey: 'instant_messengers' },
  organization: { outbound: true, excludedFor: [] },
  jobTitle: { outbound: true, excludedFor: [], customFieldKey: 'job_title' },
  // Microsoft's personalNotes are never synced, in either direction.
  notes: { outbound: true, excludedFor: ['microsoft'], customFieldKey: 'notes' },
  birthday: { outbound: true, excludedFor: [], customFieldKey: 'birthday' },
  photo: { outbound: false, excludedFor: [] },
};

export type CustomFieldKey = 'instant_messengers' | 'postal_address' | 'notes' | 'birthday' | 'job_title';

export interface CustomFieldDefinitionSpec {
  readonly key: CustomFieldKey;
  readonly name: string;
  readonly fieldType: 'text' | 'large_text' | 'address' | 'date';
}

/** Custom fields a company gets (once) when its first sync is set up. */
export const SYNC_CUSTOM_FIELDS: readonly CustomFieldDefinitionSpec[] = [
  { key: 'instant_messengers', name: 'Instant messengers', fieldType: 'text' },
  { key: 'postal_address', name: 'Postal address', fieldType: 'address' },
  { key: 'notes', name: 'Notes', fieldType: 'large_text' },
  { key: 'birthday', name: 'Birthday', fieldType: 'date' },
  { key: 'job_title', name: 'Job title', fieldType: 'text' },
];

/** Removes the fields a provider never exchanges, so they can neither arrive nor leave. */
export function applyProviderFieldRules(contact: CanonicalContact, provider: ProviderKind): CanonicalContact {
  const copy: Partial<CanonicalContact> = { ...contact };
  for (const [field, rule] of Object.entries(FIELD_RULES) as [SyncedField, FieldRule][]) {
    if (rule.excludedFor.includes(provider)) delete copy[field];
  }
  return copy as CanonicalContact;
}
