import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ActorRequest } from './actor';
import { ActorTokenVerifier } from './actor-token.verifier';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard (PlatformModule `actorAuth`): every HTTP route needs a valid acting-user token unless
 * it or its controller is `@Public()`. The verified actor is left on `request.actor` for
 * `@CurrentActor()`. Kafka handlers and other non-HTTP contexts are not its business.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: ActorTokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    request.actor = this.verifier.verifyAuthorization(request.headers['authorization']);
    return true;
  }
}
