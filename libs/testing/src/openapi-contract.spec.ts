import { OpenApiContract, type OpenApiDocument } from './openapi-contract';

const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });

const document: OpenApiDocument = {
  paths: {
    '/things/{id}': { get: { responses: { '200': json({ $ref: '#/components/schemas/Thing' }), '404': json({ $ref: '#/components/schemas/Error' }) } } },
    '/things/mine': { get: { responses: { '200': json({ type: 'array', items: { $ref: '#/components/schemas/Thing' } }) } } },
    '/things/{id}/bin': { delete: { responses: { '204': {} } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          id: { type: 'string', pattern: '^t' },
          count: { type: 'integer', minimum: 0 },
          at: { type: 'string', format: 'date-time' },
          kind: { type: 'string', enum: ['a', 'b'] },
          owner: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Owner' }] },
          extra: { type: 'object', additionalProperties: true },
        },
        required: ['id', 'count', 'owner'],
      },
      Owner: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      Error: { type: 'object', properties: { message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } }, required: ['message'] },
    },
  },
};

describe('OpenApiContract', () => {
  const contract = new OpenApiContract(document);
  const thing = { id: 't1', count: 2, at: '2026-01-02T03:04:05.678Z', kind: 'a', owner: { name: 'Ann' }, extra: { anything: [1] } };

  it('accepts answers as documented, literal paths before parameters', () => {
    expect(contract.responseErrors('GET', '/things/t1', 200, thing)).toEqual([]);
    expect(contract.responseErrors('GET', '/things/t1', 200, { ...thing, owner: null })).toEqual([]);
    expect(contract.responseErrors('GET', '/things/mine', 200, [thing])).toEqual([]);
    expect(contract.responseErrors('GET', '/things/t1', 404, { message: ['a', 'b'] })).toEqual([]);
    expect(contract.responseErrors('DELETE', '/things/t1/bin', 204, undefined)).toEqual([]);
  });

  it('names each way an answer departs from the document', () => {
    expect(contract.responseErrors('GET', '/things/t1', 200, { ...thing, id: 'x', count: 1.5, at: 'yesterday', kind: 'c', owner: {}, surprise: 1 })).toEqual([
      '$.id: "x" does not match ^t',
      '$.count: expected an integer, got 1.5',
      '$.at: "yesterday" is not a date-time',
      '$.kind: "c" is not one of ["a","b"]',
      '$.owner.name: required but missing',
      '$.surprise: not in the document',
    ]);
    expect(contract.responseErrors('GET', '/things/t1', 200, { id: 't', count: 0 })).toEqual(['$.owner: required but missing']);
    expect(contract.responseErrors('GET', '/things/t1', 404, { message: 7 })).toEqual(['$.message: matches 0 of the oneOf schemas, not exactly one']);
    expect(contract.responseErrors('GET', '/things/t1', 500, {})).toEqual(['GET /things/{id} does not document status 500']);
    expect(contract.responseErrors('GET', '/nothing', 200, {})).toEqual(['/nothing matches no path of the document']);
    expect(contract.responseErrors('DELETE', '/things/t1/bin', 204, { unexpected: true })).toEqual(['DELETE /things/{id}/bin 204 documents no JSON body, got {"unexpected":true}']);
  });
});
