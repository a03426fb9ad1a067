import { DirectoryAdmin } from './directory-admin';
import type { LocalStack } from './local-stack';

/** The demo acting user `npm start` prints a token for. */
export const DEMO_ACTOR = { userId: 'u1', companyId: 'c1' } as const;

/**
 * The directory entries the demo user needs (`npm start`): company c1 on the professional plan, a
 * top-level role "sales", and u1 in it, allowed to add people and organizations, not a global admin.
 * PUTs replace, so running it against an existing dev database is harmless.
 */
export async function seedDemoDirectory(stack: Pick<LocalStack, 'contactsUrl' | 'internalApiToken'>): Promise<void> {
  const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
  await directory.company(DEMO_ACTOR.companyId, 'professional', 'Demo company');
  await directory.role(DEMO_ACTOR.companyId, 'sales', 'Sales', null);
  await directory.user(DEMO_ACTOR.companyId, DEMO_ACTOR.userId, {
    roleId: 'sales',
    globalAdmin: false,
    permissions: { addPeople: true, addOrganizations: true },
  });
}
