import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { indexSpec, type MongoEngine } from './engine-index';

function database(connection: Connection) {
  if (!connection.db) throw new Error('MongoDB connection is not open');
  return connection.db;
}

/** FerretDB 2 (the gateway to DocumentDB) answers buildInfo with a `ferretdb` section. */
export async function detectEngine(connection: Connection): Promise<MongoEngine> {
  const info = await database(connection).admin().command({ buildInfo: 1 });
  return 'ferretdb' in info ? 'documentdb' : 'mongodb';
}

/**
 * Builds every registered model's indexes at start-up, before any consumer or request runs, so the
 * unique indexes that make inbound changes idempotent exist before the first change arrives.
 * Replaces mongoose's autoIndex because the index options depend on the engine: the indexes are
 * sent as a raw createIndexes command (the driver's createIndex drops options it does not know).
 * Creating an index that exists with the same options is a no-op on both engines.
 */
@Injectable()
export class IndexBuilder implements OnModuleInit {
  private readonly log = new Logger(IndexBuilder.name);
  engine: MongoEngine = 'mongodb';

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onModuleInit(): Promise<void> {
    this.engine = await detectEngine(this.connection);
    for (const model of Object.values(this.connection.models)) {
      const indexes = model.schema.indexes().map(([keys, options]) => indexSpec(this.engine, keys, options as Record<string, unknown>));
      await model.createCollection().catch((err: { codeName?: string }) => {
        if (err.codeName !== 'NamespaceExists') throw err;
      });
      if (indexes.length === 0) continue;
      await database(this.connection).command({ createIndexes: model.collection.collectionName, indexes });
    }
    this.log.log(`indexes ready on ${this.engine} (${Object.keys(this.connection.models).length} collections)`);
  }
}
