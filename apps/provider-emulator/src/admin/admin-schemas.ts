import { z } from 'zod';

const email = z.string().trim().email();

export const createAccountSchema = z.object({ email }).strict();

export const createGroupSchema = z.object({ name: z.string().trim().min(1).max(200) }).strict();

/** Person bodies are checked one by one (parsePersonInput) to name the failing index. */
export const seedPeopleSchema = z.object({ people: z.array(z.unknown()).max(200_000) }).strict();

export const faultSchema = z
  .object({
    status: z.union([z.literal(401), z.literal(403), z.literal(429), z.literal(500), z.literal(503)]),
    count: z.number().int().min(1).max(1_000_000).default(1),
    afterCalls: z.number().int().min(0).max(1_000_000).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
    reason: z.enum(['quota', 'scope', 'denied']).optional(),
    account: email.transform((e) => e.toLowerCase()).optional(),
    provider: z.enum(['google', 'microsoft']).optional(),
    operation: z.string().min(1).optional(),
  })
  .strict()
  .refine((f) => f.reason === undefined || f.status === 403, { message: '`reason` applies to status 403 only', path: ['reason'] });

export const accessTokenLifetimeSchema = z.object({ seconds: z.number().int().min(1).max(86_400) }).strict();

export const expireAccessTokensSchema = z.object({ account: email.transform((e) => e.toLowerCase()).optional() }).strict();

/** A provider's processing time per API call: up to a minute (tests make calls overlap with it). */
const latencyMs = z.number().int().min(0).max(60_000).optional();

export const googleSettingsSchema = z
  .object({
    syncTokenLifetimeSeconds: z.number().int().min(1).max(365 * 86_400).optional(),
    expiredSyncTokenHttpStatus: z.union([z.literal(400), z.literal(410)]).optional(),
    sequentialMutations: z.boolean().optional(),
    writePropagationDelayMs: z.number().int().min(0).max(3_600_000).optional(),
    latencyMs,
  })
  .strict();

export const microsoftSettingsSchema = z
  .object({
    /** In-flight requests per mailbox (Outlook: 4); 0 turns the limit off. */
    mailboxConcurrencyLimit: z.number().int().min(0).max(1000).optional(),
    latencyMs,
  })
  .strict();

export const nextConsentSchema = z
  .object({ deny: z.boolean().optional(), grantOnly: z.array(z.string().min(1)).optional() })
  .strict()
  .refine((c) => c.deny !== undefined || c.grantOnly !== undefined, 'give `deny: true` or `grantOnly: [scopes]`');

export const createFolderSchema = z.object({ displayName: z.string().trim().min(1).max(255), parentFolderId: z.string().min(1).optional() }).strict();

/** Contact bodies are checked one by one (parseContactInput) to name the failing index. */
export const seedContactsSchema = z.object({ contacts: z.array(z.unknown()).max(200_000) }).strict();

/** GET /admin/changes: wait until the account's change sequence is above `after` (absent: answer the current one at once). */
export const waitForChangeSchema = z
  .object({
    provider: z.enum(['google', 'microsoft']),
    account: email,
    after: z.coerce.number().int().min(0).optional(),
    timeoutMs: z.coerce.number().int().min(0).max(60_000).default(10_000),
  })
  .strict();

/** The token endpoint answers `status` to its next `count` requests (an identity-service outage); count 0 ends it. */
export const tokenOutageSchema = z
  .object({ provider: z.enum(['google', 'microsoft']), count: z.number().int().min(0).max(1000), status: z.number().int().min(500).max(599).default(503) })
  .strict();
