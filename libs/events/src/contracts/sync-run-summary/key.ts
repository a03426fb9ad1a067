export const syncRunSummaryKey = (accountId: string): string => accountId;
