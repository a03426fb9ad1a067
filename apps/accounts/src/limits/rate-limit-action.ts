import type { UserAction } from './user-limits';

export const RATE_LIMIT_ACTION = 'contact-sync:rate-limit-action';

/** The action a route counts against, or how to tell it from the (not yet validated) body. */
export type RateLimitAction = UserAction | ((body: unknown) => UserAction);

/** A refresh with `{"full": true}` is a full resync, limited on its own (it costs a whole pull). */
export const refreshOrFullResync = (body: unknown): UserAction => ((body as { full?: unknown } | undefined)?.full === true ? 'full_resync' : 'refresh');
