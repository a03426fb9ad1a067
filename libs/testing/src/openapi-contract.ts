/** The parts of an OpenAPI 3.0 document a response check reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

type Schema = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks real answers against an OpenAPI 3.0 document: the subset of schema keywords our documents
 * use ($ref, allOf, oneOf, type, nullable, enum, format date-time, pattern, lengths, bounds,
 * properties, required, items, additionalProperties). Stricter than OpenAPI on one point, on
 * purpose: an object schema that declares properties and says nothing of additionalProperties
 * rejects undeclared ones, so a field the API answers with but the document omits is caught.
 */
export class OpenApiContract {
  constructor(private readonly document: OpenApiDocument) {}

  /** Problems of a JSON answer to `method pathname` with `status` (empty: it is as documented). */
  responseErrors(method: string, pathname: string, status: number, body: unknown): string[] {
    const template = this.templateOf(pathname);
    if (!template) return [`${pathname} matches no path of the document`];
    const operation = this.document.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not in the document`];
    const response = operation.responses?.[String(status)];
    if (!response) return [`${method} ${template} does not document status ${status}`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === undefined || body === '' ? [] : [`${method} ${template} ${status} documents no JSON body, got ${JSON.stringify(body)}`];
    return this.schemaErrors(schema, body, '$');
  }

  /** Problems of `value` against `schema`, each with its JSON path. */
  schemaErrors(schema: Schema, value: unknown, at: string): string[] {
    if (typeof schema['$ref'] === 'string') return this.schemaErrors(this.resolve(schema['$ref']), value, at);
    if (value === null) return schema['nullable'] === true ? [] : [`${at}: null is not allowed`];
    const errors: string[] = [];
    if (Array.isArray(schema['allOf'])) for (const part of schema['allOf'] as Schema[]) errors.push(...this.schemaErrors(part, value, at));
    if (Array.isArray(schema['oneOf'])) {
      const matching = (schema['oneOf'] as Schema[]).filter((s) => this.schemaErrors(s, value, at).length === 0).length;
      if (matching !== 1) errors.push(`${at}: matches ${matching} of the oneOf schemas, not exactly one`);
    }
    if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
    const type = schema['type'];
    // allOf of a $ref carries a descriptive "type: object" beside it: the referenced schema decides.
    if (typeof type === 'string' && !schema['allOf']) errors.push(...this.typeErrors(type, schema, value, at));
    return errors;
  }

  private typeErrors(type: string, schema: Schema, value: unknown, at: string): string[] {
    switch (type) {
      case 'string':
        return typeof value === 'string' ? this.stringErrors(schema, value, at) : [`${at}: expected a string, got ${JSON.stringify(value)}`];
      case 'number':
      case 'integer':
        if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return [`${at}: expected ${type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`];
        if (typeof schema['minimum'] === 'number' && value < schema['minimum']) return [`${at}: ${value} is below ${schema['minimum']}`];
        if (typeof schema['maximum'] === 'number' && value > schema['maximum']) return [`${at}: ${value} is above ${schema['maximum']}`];
        return [];
      case 'boolean':
        return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
      case 'array':
        if (!Array.isArray(value)) return [`${at}: expected an array, got ${JSON.stringify(value)}`];
        return isPlainObject(schema['items']) ? value.flatMap((item, i) => this.schemaErrors(schema['items'] as Schema, item, `${at}[${i}]`)) : [];
      case 'object':
        return isPlainObject(value) ? this.objectErrors(schema, value, at) : [`${at}: expected an object, got ${JSON.stringify(value)}`];
      default:
        return [`${at}: the document uses type ${type}, which this check does not know`];
    }
  }

  private stringErrors(schema: Schema, value: string, at: string): string[] {
    const errors: string[] = [];
    if (schema['format'] === 'date-time' && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(Date.parse(value)))) errors.push(`${at}: "${value}" is not a date-time`);
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern']).test(value)) errors.push(`${at}: "${value}" does not match ${schema['pattern']}`);
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) errors.push(`${at}: shorter than ${schema['minLength']}`);
    if (typeof schema['maxLength'] === 'number' && value.length > schema['maxLength']) errors.push(`${at}: longer than ${schema['maxLength']}`);
    return errors;
  }

  private objectErrors(schema: Schema, value: Record<string, unknown>, at: string): string[] {
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    const errors: string[] = [];
    for (const name of (schema['required'] ?? []) as string[]) if (!(name in value)) errors.push(`${at}.${name}: required but missing`);
    const additional = schema['additionalProperties'];
    for (const [name, v] of Object.entries(value)) {
      if (properties[name]) errors.push(...this.schemaErrors(properties[name], v, `${at}.${name}`));
      else if (isPlainObject(additional)) errors.push(...this.schemaErrors(additional, v, `${at}.${name}`));
      else if (additional === false || (additional === undefined && schema['properties'])) errors.push(`${at}.${name}: not in the document`);
    }
    return errors;
  }

  private resolve(ref: string): Schema {
    const name = ref.replace('#/components/schemas/', '');
    const schema = this.document.components?.schemas?.[name];
    if (!schema) throw new Error(`the document has no schema ${ref}`);
    return schema;
  }

  /** The document's path for a concrete one: literal segments beat parameters ({id}). */
  private templateOf(pathname: string): string | undefined {
    const segments = pathname.split('/');
    const candidates = Object.keys(this.document.paths).filter((t) => {
      const parts = t.split('/');
      return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
    });
    const params = (t: string) => (t.match(/\{/g) ?? []).length;
    return candidates.sort((a, b) => params(a) - params(b))[0];
  }
}
