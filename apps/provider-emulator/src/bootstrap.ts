import 'reflect-metadata';
import type { Server } from 'node:http';
import { ConsoleLogger, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { emulatorConfigFromEnv, type EmulatorConfig } from './core/emulator-config';
import { seedGoogleDemo } from './google/demo-seed';
import { GoogleStore } from './google/google-store';
import { seedMicrosoftDemo } from './microsoft/demo-seed';
import { MicrosoftStore } from './microsoft/microsoft-store';

export interface EmulatorOptions {
  /** Seed the Google and Microsoft demo accounts with demo contacts (EMULATOR_SEED_DEMO=true in main.ts). */
  seedDemo?: boolean;
  /** Configuration; from the environment by default. */
  config?: EmulatorConfig;
  /** false silences Nest (tests); default: Nest's console logger, JSON when LOG_FORMAT=json. */
  logger?: false | LoggerService;
}

/** Builds the emulator app, not yet listening: main.ts listens on PORT, tests on port 0. */
export async function createEmulatorApp(options: EmulatorOptions = {}): Promise<INestApplication> {
  const logger =
    options.logger ?? new ConsoleLogger('provider-emulator', process.env.LOG_FORMAT === 'json' ? { json: true, colors: false } : { timestamp: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options.config ?? emulatorConfigFromEnv()), {
    bodyParser: false,
    logger,
  });
  // Seeding 25,000 persons (or Graph contacts) in one admin request needs a large JSON limit; /token takes forms.
  app.useBodyParser('json', { limit: '256mb' });
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.enableShutdownHooks();
  keepIdleConnections(app);
  if (options.seedDemo) {
    seedGoogleDemo(app.get(GoogleStore));
    seedMicrosoftDemo(app.get(MicrosoftStore));
  }
  return app;
}

/**
 * Idle keep-alive connections are kept 65 s (Node's default is 5 s), longer than clients keep them
 * pooled (undici: the server's hint less a second), so the server never closes a socket a client is
 * about to reuse. At 5 s a client whose event loop was busy for a second could send on a socket the
 * server had just closed ("other side closed"), failing a request that never reached the server.
 */
function keepIdleConnections(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000; // must exceed keepAliveTimeout (Node's rule)
}
