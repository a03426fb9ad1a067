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

/** Endpoints derived from one emulator base URL (see apps/provider-emulator). */
export function googleEmulatorEndpoints(baseUrl: string): Omit<GoogleEndpoints, 'clientId' | 'clientSecret'> {
  const root = baseUrl.replace(/\/+$/, '');
  return { apiRootUrl: `${root}/google/`, authUrl: `${root}/google/o/oauth2/v2/auth`, tokenUrl: `${root}/google/token` };
}
