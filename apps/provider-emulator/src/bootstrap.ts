import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { strictValidationPipe } from '@contact-sync/platform';
import { AppModule } from './app.module';
import { GoogleStore } from './google/google-store';
import { seedDemo } from './demo-seed';

/** Builds the emulator app (main.ts and tests); admin seeding of 25,000 persons needs a large body limit. */
export async function createEmulatorApp(options: { seedDemo?: boolean; logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, ...(options.logger === false ? { logger: false } : {}) });
  app.useBodyParser('json', { limit: '200mb' });
  app.useBodyParser('urlencoded', { extended: false });
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  if (options.seedDemo) seedDemo(app.get(GoogleStore));
  return app;
}
