import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from './error-response';

/** Security scheme names of the documents (see openApiConfig). */
export const ACTOR_AUTH = 'actor';
export const INTERNAL_AUTH = 'internal';
export const INTERNAL_TAG = 'internal';

/** Routes behind ActorGuard: the acting CRM user's bearer JWT. */
export const ApiActorAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiBearerAuth(ACTOR_AUTH), ApiErrors([401, 'The acting-user token is missing, expired or invalid']));

/**
 * A service-to-service controller (InternalApiGuard): tagged `internal`, marked `x-internal: true`
 * (the extension documentation tools use to hide or flag internal operations) and secured by the
 * caller's own internal-API credential (`Bearer <caller>.<secret>`, checked by `@InternalApi`). Apply it to the controller class, above its route decorators.
 */
export const ApiInternal = (): ClassDecorator =>
  applyDecorators(
    ApiTags(INTERNAL_TAG),
    ApiBearerAuth(INTERNAL_AUTH),
    ApiExtension('x-internal', true),
    ApiErrors([401, 'The caller\'s internal-API credential is missing, unknown here or wrong'], [403, 'The caller is not granted this API\'s audience']),
  );
