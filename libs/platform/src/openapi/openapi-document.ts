import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ACTOR_AUTH, INTERNAL_AUTH, INTERNAL_TAG } from './api-auth';

/** What a service says about its HTTP API, and which controllers serve it. */
export interface OpenApiService {
  /** The service name: the checked-in document is docs/openapi/<name>.openapi.json. */
  name: string;
  title: string;
  description: string;
  /** Every HTTP controller of the service (its AppModule lists these). */
  controllers: Type<unknown>[];
}

/** Where each service serves its document (outside Nest's router, so no acting-user token is needed). */
export const OPENAPI_PATH = '/openapi.json';

/** The routes carry no version; this is the document's, raised when a change breaks callers. */
const API_VERSION = '1';

function openApiConfig(service: OpenApiService): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle(service.title)
    .setDescription(service.description)
    .setVersion(API_VERSION)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'The acting CRM user: a JWT the CRM signs, `sub` the user id and `company_id` the company, with an `exp`.',
      },
      ACTOR_AUTH,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The calling service\'s own credential, `<caller>.<secret>`, granted this API\'s audience in the service\'s INTERNAL_API_CLIENTS; never routed from outside the cluster.' },
      INTERNAL_AUTH,
    )
    .addTag(INTERNAL_TAG, 'Service-to-service API (internal bearer token), not routed from outside the cluster')
    .build();
}

/**
 * The service's OpenAPI document, read from the controllers' and DTOs' decorators of `modules` only
 * (health and metrics, the platform's operational endpoints, are left out).
 */
export function buildOpenApiDocument(app: INestApplication, service: OpenApiService, modules: Type<unknown>[]): OpenAPIObject {
  return SwaggerModule.createDocument(app, openApiConfig(service), { include: modules });
}

/** Serves the document as JSON at OPENAPI_PATH. */
export function serveOpenApiDocument(app: INestApplication, document: OpenAPIObject): void {
  const http = app.getHttpAdapter();
  http.get(OPENAPI_PATH, (_req: unknown, res: unknown) => http.reply(res, document, 200));
}
