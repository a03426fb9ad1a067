/** The OAuth client each emulated provider accepts (what the accounts service is configured with). */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; empty accepts any absolute http(s) URI (convenient for tests on port 0). */
  redirectUris: string[];
}

export interface EmulatorConfig {
  google: OAuthClientConfig;
  /** The app registration the emulated Microsoft identity platform accepts. */
  microsoft: OAuthClientConfig;
}

export const EMULATOR_CONFIG = Symbol('EMULATOR_CONFIG');

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function emulatorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  return {
    google: {
      clientId: env.GOOGLE_CLIENT_ID || 'contact-sync-local',
      clientSecret: env.GOOGLE_CLIENT_SECRET || 'contact-sync-local-secret',
      redirectUris: list(env.GOOGLE_REDIRECT_URIS),
    },
    microsoft: {
      clientId: env.MICROSOFT_CLIENT_ID || 'contact-sync-local',
      clientSecret: env.MICROSOFT_CLIENT_SECRET || 'contact-sync-local-secret',
      redirectUris: list(env.MICROSOFT_REDIRECT_URIS),
    },
  };
}
