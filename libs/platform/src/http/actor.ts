import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';

/** The CRM user on whose behalf a request is made. */
export interface Actor {
  userId: string;
  companyId: string;
}

/** What ActorGuard leaves on the request. */
export interface ActorRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/** User and company ids as the CRM issues them. */
export const ACTOR_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The acting user, as ActorGuard verified it from the bearer token (PlatformModule `actorAuth`).
 * A 401 here means the route is `@Public()` or the guard is not installed: a wiring mistake.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new UnauthorizedException('no verified acting user on this request');
  return actor;
});
