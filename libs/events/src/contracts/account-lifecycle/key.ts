/** One account's lifecycle events stay in order. */
export const accountLifecycleKey = (accountId: string): string => accountId;
