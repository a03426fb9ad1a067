/** Providers the emulator stands in for; Microsoft Graph joins with its own module. */
export type ProviderName = 'google' | 'microsoft';

/** Accounts are keyed by e-mail address, case-insensitively, as providers do. */
export const accountKey = (email: string): string => email.trim().toLowerCase();
