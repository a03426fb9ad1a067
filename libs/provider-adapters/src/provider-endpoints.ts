/** Where a provider lives. Production uses the real hosts; local runs and tests point at the emulator. */
export interface GoogleEndpoints {
  apiRootUrl: string;
  authUrl: string;
  tokenUrl: string;
  /** Token revocation (disconnect); derived from tokenUrl (`…/token` → `…/revoke`) when absent. */
  revokeUrl?: string;
  clientId: string;
  clientSecret: string;
}

export const GOOGLE_PRODUCTION_ENDPOINTS: Omit<GoogleEndpoints, 'clientId' | 'clientSecret'> = {
  apiRootUrl: 'https://people.googleapis.com/',
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
};

/**
 * Endpoints of the provider emulator (apps/provider-emulator): Google's paths at its root, because the
 * client libraries resolve API paths against the host and only let the base URL change.
 */
export function googleEmulatorEndpoints(baseUrl: string): Omit<GoogleEndpoints, 'clientId' | 'clientSecret'> {
  const root = baseUrl.replace(/\/+$/, '');
  return { apiRootUrl: `${root}/`, authUrl: `${root}/o/oauth2/v2/auth`, tokenUrl: `${root}/token`, revokeUrl: `${root}/revoke` };
}

/**
 * Microsoft Graph and the Microsoft identity platform. `graphBaseUrl` is the Graph root (the client
 * adds `/v1.0`); `authorityUrl` is `https://login.microsoftonline.com/{common|consumers|organizations|tenant}`,
 * under which the v2.0 endpoints live (`/oauth2/v2.0/authorize`, `/oauth2/v2.0/token`).
 */
export interface MicrosoftEndpoints {
  graphBaseUrl: string;
  authorityUrl: string;
  /** Where the user's browser reaches the authority, when that differs from the server's view (containers). */
  browserAuthorityUrl?: string;
  clientId: string;
  clientSecret: string;
}

/** `common` accepts both work/school (Microsoft 365) and personal (Outlook.com, Live, Hotmail) accounts. */
export const MICROSOFT_PRODUCTION_ENDPOINTS: Omit<MicrosoftEndpoints, 'clientId' | 'clientSecret'> = {
  graphBaseUrl: 'https://graph.microsoft.com',
  authorityUrl: 'https://login.microsoftonline.com/common',
};

/**
 * Endpoints of the provider emulator: Graph at its root (`/v1.0/...`) and the identity platform at
 * `/{tenant}/oauth2/v2.0/authorize|token`, like the real hosts.
 */
export function microsoftEmulatorEndpoints(baseUrl: string): Omit<MicrosoftEndpoints, 'clientId' | 'clientSecret'> {
  const root = baseUrl.replace(/\/+$/, '');
  return { graphBaseUrl: root, authorityUrl: `${root}/common` };
}
