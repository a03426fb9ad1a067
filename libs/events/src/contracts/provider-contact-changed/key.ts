/** Keyed by account and external id so that one contact's changes stay in order. */
export const providerContactKey = (accountId: string, externalId: string): string => `${accountId}:${externalId}`;
