import { ApiProperty } from '@nestjs/swagger';
import { PROVIDERS, VISIBILITIES, type ProviderKind } from '@contact-sync/contact-model';
import { syncDirectionSchema, type SyncDirection, type Visibility } from '@contact-sync/events';
import type { DashboardView } from '../dashboard/dashboard-projection';
import type { AccountStatus, SyncStatus } from './account.schema';

const ACCOUNT_STATUSES = ['pending', 'connected', 'reconnect_needed', 'disconnected'] as const satisfies readonly AccountStatus[];
const SYNC_STATUSES = ['not_configured', 'configured', 'active', 'paused'] as const satisfies readonly SyncStatus[];
const REVOCATION_RESULTS = ['revoked', 'not_supported', 'failed', 'no_token'] as const;

export class RevocationView {
  @ApiProperty({ enum: REVOCATION_RESULTS }) result: (typeof REVOCATION_RESULTS)[number];
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
}

export class SyncConfigView {
  @ApiProperty({ type: String, nullable: true, description: 'null: the whole address book' }) groupId: string | null;
  @ApiProperty({ type: String, nullable: true }) groupName: string | null;
  @ApiProperty({ enum: syncDirectionSchema.options }) direction: SyncDirection;
  @ApiProperty({ enum: VISIBILITIES }) visibility: Visibility;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the sync was last started with this configuration' }) confirmedAt: Date | null;
  @ApiProperty({ description: 'Raised at every start with a changed configuration' }) configVersion: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The version the CRM has applied (null: contacts could not say)' }) appliedConfigVersion: number | null;
  @ApiProperty() applied: boolean;
}

/**
 * What the API shows of an account (toAccountView returns exactly this type, so the document and
 * the answers cannot part). Never token material.
 */
export class AccountResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PROVIDERS }) provider: ProviderKind;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) connectedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disconnectedAt: Date | null;
  @ApiProperty({ type: () => RevocationView, nullable: true, description: "The provider grant's revocation at disconnect" }) revocation: RevocationView | null;
  @ApiProperty({ enum: SYNC_STATUSES }) syncStatus: SyncStatus;
  @ApiProperty({ type: () => SyncConfigView, nullable: true }) syncConfig: SyncConfigView | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'The sync as the CRM holds it (state, totals, last run, quarantine and dead-letter samples, what needs attention): see docs/dashboard.md. ' +
      'null in answers to a change (connect, configure, start, pause), which carry no dashboard.',
  })
  dashboard: DashboardView | null;
}
