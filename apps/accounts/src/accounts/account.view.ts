import type { SyncCrmStatus } from '@contact-sync/events';
import type { AccountDocument } from './account.schema';
import { projectDashboard } from '../dashboard/dashboard-projection';
import type { AccountResponse } from './account.response';

/**
 * What the API shows of an account: never token material. `crm` is contacts' live status (null:
 * contacts could not say, and the projection says so); undefined only for answers to a change
 * (connect, configure), which carry no dashboard.
 */
export function toAccountView(account: AccountDocument, crm?: SyncCrmStatus | null): AccountResponse {
  const configVersion = account.syncConfig?.configVersion ?? 0;
  const appliedConfigVersion = crm ? crm.appliedConfigVersion : null;
  return {
    id: account.id as string,
    provider: account.provider,
    email: account.email,
    status: account.status,
    connectedAt: account.connectedAt,
    disconnectedAt: account.disconnectedAt ?? null,
    revocation: account.revocation ?? null,
    syncStatus: account.syncStatus,
    syncConfig: account.syncConfig
      ? {
          groupId: account.syncConfig.groupId,
          groupName: account.syncConfig.groupName,
          direction: account.syncConfig.direction,
          visibility: account.syncConfig.visibility,
          confirmedAt: account.syncConfig.confirmedAt,
          configVersion,
          appliedConfigVersion,
          applied: appliedConfigVersion !== null && appliedConfigVersion >= configVersion,
        }
      : null,
    dashboard:
      crm === undefined
        ? null
        : projectDashboard({ status: account.status, connectedAt: account.connectedAt, syncStatus: account.syncStatus, configVersion, stored: account.dashboard, crm }),
  };
}
