import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { ActorRequest } from '@contact-sync/platform';
import { RATE_LIMIT_ACTION, type RateLimitAction } from './rate-limit-action';
import { UserRateLimiter } from './user-rate-limiter';

/**
 * Runs after the global acting-user guard (so the actor is known) and before the handler: a
 * request over its limit does nothing and answers 429 with `Retry-After` (seconds) and a body
 * naming the limit. Every request that reaches it counts, whatever the handler would answer.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  // The limiter is looked up when first needed, not injected: the guard then depends only on what
  // every Nest module has, so the OpenAPI generator (which mounts the controllers with stubs) can
  // build the document without a database.
  private limiter?: UserRateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const choose = this.reflector.get<RateLimitAction | undefined>(RATE_LIMIT_ACTION, context.getHandler());
    const request = context.switchToHttp().getRequest<ActorRequest & { body?: unknown }>();
    if (!choose || !request.actor) return true;
    const action = typeof choose === 'function' ? choose(request.body) : choose;
    this.limiter ??= this.moduleRef.get(UserRateLimiter, { strict: false });
    const verdict = await this.limiter.take(request.actor, action);
    if (verdict.allowed) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `limit reached: ${verdict.limit} ${verdict.action} per ${verdict.windowSeconds} s; retry after ${verdict.retryAfterSeconds} s`,
        limit: { action: verdict.action, max: verdict.limit, windowSeconds: verdict.windowSeconds },
        retryAfterSeconds: verdict.retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
