import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import {
  GoogleContactsDriver,
  GoogleOAuthProvider,
  MicrosoftContactsDriver,
  MicrosoftOAuthProvider,
  ProviderRegistry,
  type ContactProviderDriver,
  type OAuthProvider,
} from '@contact-sync/provider-adapters';
import type { AccountsConfig } from '../config/accounts-env.schema';

export const OAUTH_PROVIDERS = Symbol('OAUTH_PROVIDERS');
export const CONTACT_DRIVERS = Symbol('CONTACT_DRIVERS');
export type OAuthProviders = ProviderRegistry<OAuthProvider>;
export type ContactDrivers = ProviderRegistry<ContactProviderDriver>;

function oauthProviders(c: AccountsConfig): OAuthProvider[] {
  const providers: OAuthProvider[] = [
    new GoogleOAuthProvider({
      apiRootUrl: c.GOOGLE_API_ROOT_URL,
      authUrl: c.GOOGLE_AUTH_URL,
      tokenUrl: c.GOOGLE_TOKEN_URL,
      clientId: c.GOOGLE_CLIENT_ID,
      clientSecret: c.GOOGLE_CLIENT_SECRET,
    }),
  ];
  // Microsoft is offered only when the installation has an app registration (config validation
  // guarantees the id and the secret come together).
  if (c.MICROSOFT_CLIENT_ID && c.MICROSOFT_CLIENT_SECRET) {
    providers.push(
      new MicrosoftOAuthProvider({
        graphBaseUrl: c.MICROSOFT_GRAPH_BASE_URL,
        authorityUrl: c.MICROSOFT_AUTHORITY_URL,
        ...(c.MICROSOFT_BROWSER_AUTHORITY_URL ? { browserAuthorityUrl: c.MICROSOFT_BROWSER_AUTHORITY_URL } : {}),
        clientId: c.MICROSOFT_CLIENT_ID,
        clientSecret: c.MICROSOFT_CLIENT_SECRET,
      }),
    );
  }
  return providers;
}

/** The only place that knows which providers exist; everything else asks the registries. */
@Module({
  providers: [
    {
      provide: OAUTH_PROVIDERS,
      inject: [SERVICE_CONFIG],
      useFactory: (c: AccountsConfig): OAuthProviders => new ProviderRegistry<OAuthProvider>(oauthProviders(c)),
    },
    {
      provide: CONTACT_DRIVERS,
      inject: [SERVICE_CONFIG],
      useFactory: (c: AccountsConfig): ContactDrivers =>
        new ProviderRegistry<ContactProviderDriver>([new GoogleContactsDriver(c.GOOGLE_API_ROOT_URL), new MicrosoftContactsDriver(c.MICROSOFT_GRAPH_BASE_URL)]),
    },
  ],
  exports: [OAUTH_PROVIDERS, CONTACT_DRIVERS],
})
export class ProvidersModule {}
