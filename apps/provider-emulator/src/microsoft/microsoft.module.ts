import { Module } from '@nestjs/common';
import { GraphApiGate } from './api/graph-api-gate';
import { GraphBatch } from './api/graph-batch';
import { GraphController } from './api/graph.controller';
import { GraphRouter } from './api/graph-router';
import { MicrosoftSettings } from './microsoft-settings';
import { MicrosoftStore } from './microsoft-store';
import { MicrosoftAuthorizationService } from './oauth/microsoft-authorization.service';
import { MicrosoftOAuthController } from './oauth/microsoft-oauth.controller';
import { MicrosoftTokenService } from './oauth/microsoft-token.service';

/** The Graph contacts subset contact sync uses (one router for direct calls and $batch) and the Microsoft identity platform v2.0 endpoints. */
@Module({
  controllers: [GraphController, MicrosoftOAuthController],
  providers: [MicrosoftStore, MicrosoftSettings, GraphApiGate, GraphRouter, GraphBatch, MicrosoftAuthorizationService, MicrosoftTokenService],
  exports: [MicrosoftStore, MicrosoftSettings],
})
export class MicrosoftModule {}
