import { Module } from '@nestjs/common';
import { ContactFoldersController } from './api/contact-folders.controller';
import { ContactsController } from './api/contacts.controller';
import { ContactsMutationsController } from './api/contacts-mutations.controller';
import { GraphApiGate } from './api/graph-api-gate';
import { MeController } from './api/me.controller';
import { MicrosoftStore } from './microsoft-store';
import { MicrosoftAuthorizationService } from './oauth/microsoft-authorization.service';
import { MicrosoftOAuthController } from './oauth/microsoft-oauth.controller';
import { MicrosoftTokenService } from './oauth/microsoft-token.service';

/** The Graph contacts subset contact sync uses and the Microsoft identity platform v2.0 endpoints. */
@Module({
  controllers: [ContactFoldersController, ContactsController, ContactsMutationsController, MeController, MicrosoftOAuthController],
  providers: [MicrosoftStore, GraphApiGate, MicrosoftAuthorizationService, MicrosoftTokenService],
  exports: [MicrosoftStore],
})
export class MicrosoftModule {}
