import type { MongooseModuleOptions } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Metrics } from '../metrics/metrics';
import type { ServiceConfig } from '../config/service-config';

/** Commands counted by name and collection (writes: insert, update, delete, findAndModify). */
const COUNTED = new Set(['insert', 'update', 'delete', 'findAndModify', 'find', 'aggregate', 'count', 'createIndexes']);

export function mongooseOptions(config: ServiceConfig, metrics: Metrics): MongooseModuleOptions {
  return {
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB ?? `contact-sync-${config.name}`,
    appName: `contact-sync-${config.name}`,
    serverSelectionTimeoutMS: 5000,
    // IndexBuilder builds the indexes, with options that depend on the engine (engine-index.ts).
    autoIndex: false,
    // Command monitoring feeds the per-command counters (benchmarks count writes of a no-op sync).
    monitorCommands: true,
    connectionFactory: (connection: Connection) => {
      connection.getClient().on('commandStarted', (event) => {
        // The command's own field names its collection (`{update: "persons", ...}`): a fixed, small set.
        if (COUNTED.has(event.commandName)) metrics.mongoCommands.inc({ command: event.commandName, collection: String(event.command[event.commandName] ?? '') });
      });
      return connection;
    },
  };
}
