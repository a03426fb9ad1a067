/** CRM plans, cheapest first. */
export const PLANS = ['essential', 'advanced', 'professional', 'power', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/** Who may see a person a sync brings in (stamped on the person, enforced on every read and write). */
export const VISIBILITIES = ['owner_only', 'owner_and_followers', 'owner_role', 'owner_role_and_below', 'entire_company'] as const;
export type VisibilityOption = (typeof VISIBILITIES)[number];

const BASIC: readonly VisibilityOption[] = ['owner_and_followers', 'entire_company'];
const ROLE_BASED: readonly VisibilityOption[] = ['owner_only', 'owner_role', 'owner_role_and_below', 'entire_company'];

/** The options a company's plan lets a sync choose (design, "Configure the sync"). */
export const VISIBILITY_OPTIONS_BY_PLAN: Readonly<Record<Plan, readonly VisibilityOption[]>> = {
  essential: BASIC,
  advanced: BASIC,
  professional: ROLE_BASED,
  power: ROLE_BASED,
  enterprise: ROLE_BASED,
};

export function isVisibilityAllowed(plan: Plan, visibility: string): boolean {
  return (VISIBILITY_OPTIONS_BY_PLAN[plan] as readonly string[]).includes(visibility);
}

/** Narrowest first: owner_only is seen by fewest, entire_company by most. */
const NARROWEST_FIRST: readonly VisibilityOption[] = ['owner_only', 'owner_and_followers', 'owner_role', 'owner_role_and_below', 'entire_company'];

/**
 * The visibility a synced person may keep under `plan`: its own when the plan offers it, else the
 * narrowest option the plan offers. A plan change can then only hide persons, never expose them.
 */
export function visibilityUnderPlan(plan: Plan, visibility: VisibilityOption): VisibilityOption {
  if (isVisibilityAllowed(plan, visibility)) return visibility;
  return NARROWEST_FIRST.find((v) => isVisibilityAllowed(plan, v)) ?? 'owner_only';
}

/** The two permissions a sync needs, as the directory stores them and as error messages name them. */
export const SYNC_PERMISSIONS = [
  { key: 'addPeople', label: 'add people' },
  { key: 'addOrganizations', label: 'add organizations' },
] as const;
export type SyncPermissionKey = (typeof SYNC_PERMISSIONS)[number]['key'];
