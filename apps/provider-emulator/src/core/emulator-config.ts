/** OAuth client the emulated providers accept (what accounts is configured with locally). */
export interface EmulatorConfig {
  googleClientId: string;
  googleClientSecret: string;
}

export const EMULATOR_CONFIG = Symbol('EMULATOR_CONFIG');

export function emulatorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  return {
    googleClientId: env.GOOGLE_CLIENT_ID || 'contact-sync-local',
    googleClientSecret: env.GOOGLE_CLIENT_SECRET || 'contact-sync-local-secret',
  };
}
