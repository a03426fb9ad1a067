import type { WindowLimit } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';

/** What a user may do so many times per window: connect an account, refresh a sync, force a full resync. */
export type UserAction = 'connect' | 'refresh' | 'full_resync';

export type UserLimits = Record<UserAction, WindowLimit>;

export function userLimitsFrom(config: Pick<AccountsConfig,
  'USER_LIMIT_CONNECT' | 'USER_LIMIT_CONNECT_WINDOW_SECONDS' | 'USER_LIMIT_REFRESH' | 'USER_LIMIT_REFRESH_WINDOW_SECONDS' | 'USER_LIMIT_FULL_RESYNC' | 'USER_LIMIT_FULL_RESYNC_WINDOW_SECONDS'>): UserLimits {
  return {
    connect: { limit: config.USER_LIMIT_CONNECT, windowMs: config.USER_LIMIT_CONNECT_WINDOW_SECONDS * 1000 },
    refresh: { limit: config.USER_LIMIT_REFRESH, windowMs: config.USER_LIMIT_REFRESH_WINDOW_SECONDS * 1000 },
    full_resync: { limit: config.USER_LIMIT_FULL_RESYNC, windowMs: config.USER_LIMIT_FULL_RESYNC_WINDOW_SECONDS * 1000 },
  };
}

/**
 * The counter's key. Ids are `[A-Za-z0-9_.:-]` (the actor token's rule), so `|` cannot appear in
 * them and two different (company, user) pairs never share a key.
 */
export function userLimitKey(companyId: string, userId: string, action: UserAction): string {
  return `${action}|${companyId}|${userId}`;
}
