import { Module } from '@nestjs/common';
import { ContactGroupMembersController } from './api/contact-group-members.controller';
import { ContactGroupsController } from './api/contact-groups.controller';
import { GoogleApiGate } from './api/google-api-gate';
import { PeopleBatchController } from './api/people-batch.controller';
import { PeopleController } from './api/people.controller';
import { PeopleMutationsController } from './api/people-mutations.controller';
import { GoogleSettings } from './google-settings';
import { GoogleStore } from './google-store';
import { GoogleAuthorizationService } from './oauth/google-authorization.service';
import { GoogleOAuthController } from './oauth/google-oauth.controller';
import { GoogleTokenService } from './oauth/google-token.service';

/** The People API subset contact sync uses and Google's OAuth 2.0 endpoints. */
@Module({
  controllers: [PeopleController, PeopleMutationsController, PeopleBatchController, ContactGroupsController, ContactGroupMembersController, GoogleOAuthController],
  providers: [GoogleStore, GoogleSettings, GoogleApiGate, GoogleAuthorizationService, GoogleTokenService],
  exports: [GoogleStore, GoogleSettings],
})
export class GoogleModule {}
