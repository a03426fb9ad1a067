import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminController } from './admin/admin.controller';
import { EMULATOR_CONFIG, emulatorConfigFromEnv } from './core/emulator-config';
import { FaultInjector } from './core/fault-injector';
import { RequestCounter } from './core/request-counter';
import { TokenIssuer } from './core/token-issuer';
import { ContactGroupsController } from './google/contact-groups.controller';
import { GoogleApiErrorFilter } from './google/google-api-error.filter';
import { GoogleApiGate } from './google/google-api-gate';
import { GoogleOAuthController } from './google/google-oauth.controller';
import { GoogleStore } from './google/google-store';
import { PeopleController } from './google/people.controller';
import { HealthController } from './health/health.controller';

/** Provider stand-in: Google now; Microsoft Graph gets a sibling module beside google/. */
@Module({
  controllers: [PeopleController, ContactGroupsController, GoogleOAuthController, AdminController, HealthController],
  providers: [
    { provide: EMULATOR_CONFIG, useFactory: () => emulatorConfigFromEnv() },
    { provide: APP_FILTER, useClass: GoogleApiErrorFilter },
    GoogleStore,
    GoogleApiGate,
    TokenIssuer,
    RequestCounter,
    FaultInjector,
  ],
  exports: [GoogleStore],
})
export class AppModule {}
