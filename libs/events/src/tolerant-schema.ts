import { z } from 'zod';

const cache = new WeakMap<z.ZodTypeAny, z.ZodTypeAny>();

/**
 * The consumer-side twin of a producer schema: every object at every depth strips unknown keys
 * instead of refusing them (`.strict()` is for producers), so a field added by a newer producer
 * during a rolling deploy does not dead-letter the event. Derived from the contract, never copied.
 * Refinements and transforms are kept (they wrap the tolerant inner schema).
 */
export function tolerantSchema<S extends z.ZodTypeAny>(schema: S): S {
  const cached = cache.get(schema);
  if (cached) return cached as S;
  const result = derive(schema);
  cache.set(schema, result);
  return result as S;
}

function derive(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape as z.ZodRawShape).map(([k, v]) => [k, tolerantSchema(v)]));
    return new z.ZodObject({ ...schema._def, shape: () => shape, unknownKeys: 'strip' });
  }
  if (schema instanceof z.ZodArray) return new z.ZodArray({ ...schema._def, type: tolerantSchema(schema.element) });
  if (schema instanceof z.ZodOptional) return tolerantSchema(schema.unwrap()).optional();
  if (schema instanceof z.ZodNullable) return tolerantSchema(schema.unwrap()).nullable();
  if (schema instanceof z.ZodDefault) return new z.ZodDefault({ ...schema._def, innerType: tolerantSchema(schema._def.innerType) });
  if (schema instanceof z.ZodEffects) return new z.ZodEffects({ ...schema._def, schema: tolerantSchema(schema._def.schema) });
  if (schema instanceof z.ZodUnion) return new z.ZodUnion({ ...schema._def, options: schema.options.map((o: z.ZodTypeAny) => tolerantSchema(o)) });
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const options = (schema.options as z.ZodObject<z.ZodRawShape>[]).map((o) => tolerantSchema(o));
    return z.discriminatedUnion(schema.discriminator, options as [z.ZodObject<z.ZodRawShape>, ...z.ZodObject<z.ZodRawShape>[]]);
  }
  if (schema instanceof z.ZodRecord) return new z.ZodRecord({ ...schema._def, valueType: tolerantSchema(schema._def.valueType) });
  if (schema instanceof z.ZodIntersection) {
    return new z.ZodIntersection({ ...schema._def, left: tolerantSchema(schema._def.left), right: tolerantSchema(schema._def.right) });
  }
  if (schema instanceof z.ZodLazy) return z.lazy(() => tolerantSchema(schema.schema));
  return schema;
}
