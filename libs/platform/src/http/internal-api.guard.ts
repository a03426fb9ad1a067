import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/**
 * Service-to-service calls (e.g. ingest asking accounts for an access token) carry the shared
 * INTERNAL_API_TOKEN as a bearer secret. Production should add mTLS or a mesh policy as well.
 */
@Injectable()
export class InternalApiGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig & { INTERNAL_API_TOKEN?: string }) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.INTERNAL_API_TOKEN;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization ?? '';
    const presented = Buffer.from(header.replace(/^Bearer\s+/i, ''));
    if (!expected || presented.length !== Buffer.byteLength(expected) || !timingSafeEqual(presented, Buffer.from(expected))) {
      throw new UnauthorizedException('internal API token missing or wrong');
    }
    return true;
  }
}
