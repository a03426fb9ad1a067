import { applyDecorators, CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SERVICE_CONFIG } from '../config/service-config';
import { authenticateInternalCaller, parseInternalClients, type InternalApiAudience, type InternalApiClients } from '../internal-api/internal-api-credentials';
import type { InternalApiClientsEnv } from '../internal-api/internal-api-clients-env.schema';
import { ReloadingSecret } from '../secrets/reloading-secret';
import { Public } from './public.decorator';

const AUDIENCES = 'internal-api:audiences';

/**
 * A service-to-service route: no acting user; the caller's own credential (`Bearer <caller>.<secret>`)
 * must be listed in this service's INTERNAL_API_CLIENTS with one of these audiences. On a controller
 * it covers every route; on a route it replaces the controller's audiences (a read-only route may
 * admit a narrower caller).
 */
export const InternalApi = (...audiences: [InternalApiAudience, ...InternalApiAudience[]]) =>
  applyDecorators(Public(), SetMetadata(AUDIENCES, audiences), UseGuards(InternalApiGuard));

/**
 * Unknown caller or wrong secret: 401. A known caller outside the route's audiences: 403, so a
 * credential of one service (ingest) never unlocks another API (directory administration). The
 * list may come from a file, re-read when it changes: keys rotate without a restart.
 */
@Injectable()
export class InternalApiGuard implements CanActivate {
  private readonly clients: ReloadingSecret<InternalApiClients> | null;

  constructor(
    private readonly reflector: Reflector,
    @Inject(SERVICE_CONFIG) config: Partial<InternalApiClientsEnv>,
  ) {
    this.clients = config.INTERNAL_API_CLIENTS || config.INTERNAL_API_CLIENTS_FILE
      ? new ReloadingSecret('INTERNAL_API_CLIENTS', { inline: config.INTERNAL_API_CLIENTS, file: config.INTERNAL_API_CLIENTS_FILE }, parseInternalClients)
      : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const audiences = this.reflector.getAllAndOverride<InternalApiAudience[] | undefined>(AUDIENCES, [context.getHandler(), context.getClass()]) ?? [];
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; internalCaller?: string }>();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const caller = this.clients && bearer ? authenticateInternalCaller(this.clients.current, bearer) : null;
    if (!caller) throw new UnauthorizedException('internal API credential missing or wrong (Authorization: Bearer <caller>.<secret>)');
    if (!audiences.some((a) => caller.audiences.has(a))) throw new ForbiddenException(`caller "${caller.caller}" may not call ${audiences.join(' or ')}`);
    request.internalCaller = caller.caller;
    return true;
  }
}
