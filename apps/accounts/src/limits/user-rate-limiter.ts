import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { Metrics, retryAfterSeconds, SERVICE_CONFIG, windowAt, WindowCounter, type Actor, type WindowCounterDocument } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';
import { userLimitKey, userLimitsFrom, type UserAction, type UserLimits } from './user-limits';

/** Registered under this name; the collection is `user_limit_windows`. */
export const USER_LIMIT_WINDOW = 'UserLimitWindow';

export type UserLimitVerdict = { allowed: true } | { allowed: false; action: UserAction; limit: number; windowSeconds: number; retryAfterSeconds: number };

/** Per-user abuse limits, shared by every replica (the counters live in MongoDB). */
@Injectable()
export class UserRateLimiter {
  private readonly logger = new Logger(UserRateLimiter.name);
  private readonly limits: UserLimits;
  private readonly counter: WindowCounter;
  private readonly refusals: Counter<'action'>;

  constructor(@InjectModel(USER_LIMIT_WINDOW) model: Model<WindowCounterDocument>, @Inject(SERVICE_CONFIG) config: AccountsConfig, metrics: Metrics) {
    this.limits = userLimitsFrom(config);
    this.counter = new WindowCounter(model);
    this.refusals = new Counter({
      name: 'contact_sync_user_limit_refusals_total',
      help: 'Requests refused with 429 by a per-user abuse limit, by action (connect, refresh, full_resync).',
      labelNames: ['action'] as const,
      registers: [metrics.registry],
    });
  }

  async take(actor: Actor, action: UserAction, nowMs = Date.now()): Promise<UserLimitVerdict> {
    const limit = this.limits[action];
    const verdict = await this.counter.take(userLimitKey(actor.companyId, actor.userId, action), limit, nowMs);
    if (verdict.allowed) return { allowed: true };
    const retryAfter = retryAfterSeconds(nowMs, { ...windowAt(nowMs, limit.windowMs), endMs: verdict.retryAtMs });
    this.refusals.inc({ action });
    // Only the first refusal of a window is logged: a client hammering the limit must not flood the logs.
    if (verdict.count === limit.limit + 1) {
      this.logger.warn(`user limit reached: ${action} ${limit.limit} per ${limit.windowMs / 1000} s, company ${actor.companyId} user ${actor.userId}; refused for ${retryAfter} s`);
    }
    return { allowed: false, action, limit: limit.limit, windowSeconds: limit.windowMs / 1000, retryAfterSeconds: retryAfter };
  }
}
