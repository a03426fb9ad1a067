import type { Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { InternalApiGuard } from '../http/internal-api.guard';
import { IS_PUBLIC } from '../http/public.decorator';
import { ACTOR_AUTH, INTERNAL_AUTH, INTERNAL_TAG } from './api-auth';
import type { OpenApiService } from './openapi-document';

type Auth = 'actor' | 'internal' | 'none';

/** What the guards demand of a route, read from the same metadata ActorGuard and @UseGuards use. */
function enforcedAuth(controller: Type<unknown>, handler: object): Auth {
  const guards = [...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[]) ?? []), ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? [])];
  if (guards.includes(InternalApiGuard)) return 'internal';
  return Reflect.getMetadata(IS_PUBLIC, handler) || Reflect.getMetadata(IS_PUBLIC, controller) ? 'none' : 'actor';
}

function documentedAuth(op: OperationObject): string {
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  if (schemes.length === 0) return 'none';
  if (schemes.length > 1) return schemes.join(' and ');
  if (schemes[0] === ACTOR_AUTH) return 'actor';
  const marked = op.tags?.includes(INTERNAL_TAG) && (op as unknown as Record<string, unknown>)['x-internal'] === true;
  return schemes[0] === INTERNAL_AUTH && marked ? 'internal' : `${schemes[0]} (not tagged internal with x-internal)`;
}

/**
 * Routes whose documented security differs from what their guards enforce: an internal route not
 * marked internal, an acting-user route without the actor bearer, a public one that claims a token.
 */
export function authDocumentationMismatches(document: OpenAPIObject, service: OpenApiService): string[] {
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as OperationObject[]) if (op?.operationId) operations.set(op.operationId, op);
  }
  const problems: string[] = [];
  for (const controller of service.controllers) {
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const id = `${controller.name}_${name}`;
      const op = operations.get(id);
      const [enforced, documented] = [enforcedAuth(controller, handler), op ? documentedAuth(op) : 'missing'];
      if (enforced !== documented) problems.push(`${id}: the guards enforce ${enforced} auth, the document says ${documented}`);
    }
  }
  return problems;
}
