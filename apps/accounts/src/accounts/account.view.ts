import type { AccountDocument } from './account.schema';

/** What the API shows of an account: never token material. */
export function toAccountView(account: AccountDocument) {
  return {
    id: account.id as string,
    provider: account.provider,
    email: account.email,
    status: account.status,
    connectedAt: account.connectedAt,
    syncStatus: account.syncStatus,
    syncConfig: account.syncConfig
      ? {
          groupId: account.syncConfig.groupId,
          groupName: account.syncConfig.groupName,
          direction: account.syncConfig.direction,
          visibility: account.syncConfig.visibility,
          confirmedAt: account.syncConfig.confirmedAt,
        }
      : null,
    dashboard: account.dashboard,
  };
}
export type AccountView = ReturnType<typeof toAccountView>;
