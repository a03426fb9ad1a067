import type { OpenApiService } from '@contact-sync/platform';
import { AccountsController } from '../accounts/accounts.controller';
import { InternalController } from '../internal/internal.controller';
import { OAuthCallbackController } from '../oauth/oauth-callback.controller';

/** The accounts HTTP API: AppModule serves these controllers, the OpenAPI document describes them. */
export const ACCOUNTS_API: OpenApiService = {
  name: 'accounts',
  title: 'Contact Sync: accounts',
  description:
    "Connects users' Google and Microsoft address books (OAuth), configures, starts and pauses their syncs, and shows each sync's dashboard. " +
    'Public routes act for a CRM user (bearer acting-user JWT); routes tagged `internal` (`x-internal: true`) are service to service.',
  controllers: [AccountsController, OAuthCallbackController, InternalController],
};
