import { Module, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { SERVICE_CONFIG } from '../config/service-config';
import { buildOpenApiDocument, type OpenApiService } from './openapi-document';

/**
 * The document of `service` built from its controllers alone, without config, Kafka or MongoDB: the
 * controllers' dependencies are stubs (the document reads decorators, never calls a route). The
 * checked-in files and the drift test use this; a running service builds the same document from
 * its real AppModule (the end-to-end suite checks the two are equal).
 */
export async function generateOpenApiDocument(service: OpenApiService): Promise<OpenAPIObject> {
  const dependencies = new Set<unknown>(service.controllers.flatMap((c) => (Reflect.getMetadata('design:paramtypes', c) as unknown[] | undefined) ?? []));
  const stubs: Provider[] = [...dependencies].map((token) => ({ provide: token as Type<unknown>, useValue: {} }));
  // Guards of internal controllers (InternalApiGuard) read the service config.
  stubs.push({ provide: SERVICE_CONFIG, useValue: {} });

  @Module({ controllers: service.controllers, providers: stubs })
  class OpenApiDocumentModule {}

  const app = await NestFactory.create(OpenApiDocumentModule, { logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app, service, [OpenApiDocumentModule]);
  } finally {
    await app.close();
  }
}

/** The checked-in document of a service, relative to the workspace root. */
export const openApiDocumentFile = (root: string, serviceName: string): string => join(root, 'docs', 'openapi', `${serviceName}.openapi.json`);

/** Stable text for the checked-in file (two-space JSON, final newline) so diffs stay readable. */
export const renderOpenApiDocument = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;

/** `npm run openapi`: regenerates the checked-in document of `service` under `root`. */
export async function writeOpenApiDocument(service: OpenApiService, root = process.cwd()): Promise<void> {
  const file = openApiDocumentFile(root, service.name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderOpenApiDocument(await generateOpenApiDocument(service)));
  process.stdout.write(`wrote ${relative(root, file)}\n`);
}
