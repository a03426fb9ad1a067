import { z } from 'zod';
import { PLANS } from './visibility-rules';

/**
 * A user as the company directory (contacts) reports them to other services: what accounts reads
 * for its permission gate and plan rule. Validated on receipt, like every message between services.
 */
export const userAccessSchema = z.object({
  companyId: z.string().min(1),
  plan: z.enum(PLANS),
  userId: z.string().min(1),
  roleId: z.string().min(1).nullable(),
  globalAdmin: z.boolean(),
  permissions: z.object({ addPeople: z.boolean(), addOrganizations: z.boolean() }),
  name: z.string().nullable(),
});
export type UserAccess = z.infer<typeof userAccessSchema>;
