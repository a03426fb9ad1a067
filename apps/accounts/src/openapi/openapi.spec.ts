import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { authDocumentationMismatches, describeOpenApiDrift, generateOpenApiDocument, openApiDocumentFile } from '@contact-sync/platform';
import { ACCOUNTS_API } from './accounts-api';

const ROOT = join(__dirname, '../../../..');

describe('accounts OpenAPI document', () => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await generateOpenApiDocument(ACCOUNTS_API);
  });

  it('the checked-in docs/openapi/accounts.openapi.json is the one the code generates', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(openApiDocumentFile(ROOT, 'accounts'), 'utf8'));
    expect(describeOpenApiDrift(document, checkedIn, 'docs/openapi/accounts.openapi.json')).toBeNull();
  });

  it('documents on every route the token its guards demand; the internal API is marked internal', () => {
    expect(authDocumentationMismatches(document, ACCOUNTS_API)).toEqual([]);
    expect(document.paths['/internal/accounts/{id}/access-token']?.post).toMatchObject({ tags: ['internal'], 'x-internal': true, security: [{ internal: [] }] });
    expect(document.paths['/oauth/callback']?.get?.security).toBeUndefined();
  });

  it('describes request bodies and 400 answers from the DTOs', () => {
    const schemas = document.components?.schemas ?? {};
    expect(schemas['ConnectAccountDto']).toMatchObject({ required: ['provider', 'email'], properties: { provider: { enum: ['google', 'microsoft'] } } });
    expect(document.paths['/accounts/connections']?.post?.responses['400']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } });
  });
});
