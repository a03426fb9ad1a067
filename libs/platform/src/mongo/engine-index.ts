import type { IndexOptions, Schema } from 'mongoose';

/** The MongoDB-wire server behind the connection: a genuine MongoDB, or DocumentDB (here through FerretDB 2). */
export type MongoEngine = 'mongodb' | 'documentdb';

/** What an index declaration may ask of a particular engine; every other engine ignores it. */
export interface EngineIndexOptions {
  /**
   * DocumentDB: build a composite index (`enableOrderedIndex`: one ordered term per document)
   * instead of the default inverted index with one term per path. Measured faster for equality
   * and `$in` lookups on a short key; slower for the person visibility indexes (docs/decisions.md).
   * A genuine MongoDB rejects unknown index options, so this is never sent to it.
   */
  documentdbOrdered?: boolean;
}

/** Where the engine options travel inside mongoose's own index options (never sent as they are). */
export const ENGINE_INDEX_OPTIONS = 'contactSyncEngine';

/**
 * Declares an index on a schema, with options for particular engines. The indexes are built by
 * IndexBuilder at start-up (mongoose's autoIndex is off), which turns the engine options into what
 * the connected server understands.
 */
export function declareIndex(
  schema: Schema,
  keys: Record<string, 1 | -1>,
  options: Pick<IndexOptions, 'unique' | 'name'> & EngineIndexOptions = {},
): void {
  const { documentdbOrdered, ...mongo } = options;
  schema.index(keys, { ...mongo, ...(documentdbOrdered ? { [ENGINE_INDEX_OPTIONS]: { documentdbOrdered } } : {}) } as IndexOptions);
}

/** The index name MongoDB gives by default: `a_1_b_-1`. */
export const defaultIndexName = (keys: Record<string, unknown>) =>
  Object.entries(keys)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');

/** The createIndexes entry for one declared index on one engine. */
export function indexSpec(engine: MongoEngine, keys: Record<string, unknown>, options: Record<string, unknown>): Record<string, unknown> {
  const { [ENGINE_INDEX_OPTIONS]: engineOptions, background: _background, _autoIndex, ...mongo } = options;
  const wanted = (engineOptions ?? {}) as EngineIndexOptions;
  return {
    key: keys,
    name: (mongo['name'] as string | undefined) ?? defaultIndexName(keys),
    ...mongo,
    ...(engine === 'documentdb' && wanted.documentdbOrdered ? { enableOrderedIndex: true } : {}),
  };
}
