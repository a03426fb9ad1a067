/** Where a provider lives. Production uses the real hosts; local runs and tests point at the emulator. */
export interface GoogleEndpoints {
  apiRootUrl: string;
  authUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export const GOOGLE_PRODUCTION_ENDPOINTS: Omit<GoogleEndpoints, 'clientId' | 'clientSecret'> = {
  apiRootUrl: 'https://people.googleapis.com/',
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
};

/**
 * Endpoints of the provider emulator (apps/provider-emulator): Google's paths at its root, because the
 * client libraries resolve API paths against the host and only let the base URL change.
 */
export function googleEmulatorEndpoints(baseUrl: string): Omit<GoogleEndpoints, 'clientId' | 'clientSecret'> {
  const root = baseUrl.replace(/\/+$/, '');
  return { apiRootUrl: `${root}/`, authUrl: `${root}/o/oauth2/v2/auth`, tokenUrl: `${root}/token` };
}
