import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { authDocumentationMismatches, describeOpenApiDrift, generateOpenApiDocument, openApiDocumentFile } from '@contact-sync/platform';
import { CONTACTS_API } from './contacts-api';

const ROOT = join(__dirname, '../../../..');

describe('contacts OpenAPI document', () => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await generateOpenApiDocument(CONTACTS_API);
  });

  it('the checked-in docs/openapi/contacts.openapi.json is the one the code generates', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(openApiDocumentFile(ROOT, 'contacts'), 'utf8'));
    expect(describeOpenApiDrift(document, checkedIn, 'docs/openapi/contacts.openapi.json')).toBeNull();
  });

  it('documents on every route the token its guards demand; the internal APIs are marked internal', () => {
    expect(authDocumentationMismatches(document, CONTACTS_API)).toEqual([]);
    const internal = Object.entries(document.paths).filter(([path]) => path.startsWith('/internal/'));
    expect(internal.length).toBeGreaterThan(0);
    for (const [path, item] of internal) {
      for (const op of Object.values(item)) expect({ path, op }).toMatchObject({ path, op: { tags: ['internal'], 'x-internal': true, security: [{ internal: [] }] } });
    }
    expect(document.paths['/persons']?.get?.security).toEqual([{ actor: [] }]);
  });

  it('describes bodies, queries and answers from the DTOs', () => {
    const list = document.paths['/persons']?.get;
    expect(list?.parameters?.map((p) => ('name' in p ? p.name : p.$ref)).sort()).toEqual(['after', 'limit', 'q']);
    expect(document.paths['/persons']?.post?.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePersonDto' } } } });
    expect(document.paths['/persons/{id}']?.get?.responses['404']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } });
    expect(document.components?.schemas?.['PersonResponse']).toMatchObject({ required: expect.arrayContaining(['id', 'name', 'emails', 'visibility', 'sync']) });
  });
});
