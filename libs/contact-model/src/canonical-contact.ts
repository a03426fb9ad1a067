import { z } from 'zod';

/**
 * The provider-neutral contact every service speaks. Providers map into it (ingest) and out of it
 * (write-back); the CRM person is built from it. Optional scalars are omitted, never empty strings,
 * so that two equal contacts serialize (and hash) identically.
 */
const text = z.string().min(1);

export const personNameSchema = z
  .object({
    displayName: text.optional(),
    givenName: text.optional(),
    familyName: text.optional(),
    middleName: text.optional(),
    prefix: text.optional(),
    suffix: text.optional(),
  })
  .strict();

export const labeledValueSchema = z
  .object({ value: text, label: text.optional(), primary: z.boolean().optional() })
  .strict();

export const addressSchema = z
  .object({
    formatted: text.optional(),
    street: text.optional(),
    extended: text.optional(),
    poBox: text.optional(),
    city: text.optional(),
    region: text.optional(),
    postalCode: text.optional(),
    country: text.optional(),
    countryCode: text.optional(),
    label: text.optional(),
  })
  .strict();

export const instantMessengerSchema = z
  .object({ value: text, protocol: text.optional(), label: text.optional() })
  .strict();

export const organizationSchema = z.object({ name: text, department: text.optional() }).strict();

export const birthdaySchema = z
  .object({
    year: z.number().int().min(1).max(9999).optional(),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
  })
  .strict();

export const canonicalContactSchema = z
  .object({
    name: personNameSchema,
    emails: z.array(labeledValueSchema),
    phones: z.array(labeledValueSchema),
    address: addressSchema.optional(),
    postalAddress: addressSchema.optional(),
    instantMessengers: z.array(instantMessengerSchema),
    organization: organizationSchema.optional(),
    jobTitle: text.optional(),
    notes: text.optional(),
    birthday: birthdaySchema.optional(),
    photoUrl: text.optional(),
  })
  .strict();

export type PersonName = z.infer<typeof personNameSchema>;
export type LabeledValue = z.infer<typeof labeledValueSchema>;
export type ContactAddress = z.infer<typeof addressSchema>;
export type InstantMessenger = z.infer<typeof instantMessengerSchema>;
export type ContactOrganization = z.infer<typeof organizationSchema>;
export type Birthday = z.infer<typeof birthdaySchema>;
export type CanonicalContact = z.infer<typeof canonicalContactSchema>;

export function emptyContact(): CanonicalContact {
  return { name: {}, emails: [], phones: [], instantMessengers: [] };
}
