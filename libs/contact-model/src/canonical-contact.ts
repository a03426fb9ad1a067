import { z } from 'zod';
import { hasForbiddenChars } from './text-hygiene';

/**
 * The provider-neutral contact every service speaks. Providers map into it (ingest) and out of it
 * (write-back); the CRM person is built from it. Optional scalars are omitted, never empty strings,
 * so that two equal contacts serialize (and hash) identically.
 */
// Producer-side guard: text reaching the schema was cleaned by `cleanText`; anything still holding a
// forbidden character is a mapping bug, refused here rather than by the database of a consumer.
const text = z
  .string()
  .min(1)
  .refine((v) => !hasForbiddenChars(v), { message: 'contains control characters or lone surrogates' });

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

/**
 * A photo travels by reference only: bytes are stored once, by content hash, in the contacts
 * service's photo store (uploaded by ingest before the change event; see docs/decisions.md).
 * Events and list responses stay small whatever the photo's size.
 */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export const photoRefSchema = z
  .object({
    /** sha256 of the bytes, lower-case hex: the key of the photo store. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    contentType: z.enum(PHOTO_CONTENT_TYPES),
    byteLength: z.number().int().positive(),
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
    photo: photoRefSchema.optional(),
  })
  .strict();

export type PersonName = z.infer<typeof personNameSchema>;
export type LabeledValue = z.infer<typeof labeledValueSchema>;
export type ContactAddress = z.infer<typeof addressSchema>;
export type InstantMessenger = z.infer<typeof instantMessengerSchema>;
export type ContactOrganization = z.infer<typeof organizationSchema>;
export type Birthday = z.infer<typeof birthdaySchema>;
export type CanonicalContact = z.infer<typeof canonicalContactSchema>;
export type PhotoRef = z.infer<typeof photoRefSchema>;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

export function emptyContact(): CanonicalContact {
  return { name: {}, emails: [], phones: [], instantMessengers: [] };
}
