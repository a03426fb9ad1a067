import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiInternal, InternalApi } from '@contact-sync/platform';
import { SyncStatusService } from './sync-status.service';

/** Internal contract SYNC_CRM_STATUS_PATH: accounts reads it live for the dashboard. */
@InternalApi('contacts.sync-status')
@Controller('internal/syncs/:accountId')
@ApiInternal()
export class SyncStatusController {
  constructor(private readonly syncs: SyncStatusService) {}

  @Get('status')
  @ApiOperation({ summary: "What the CRM holds of a sync, for accounts' dashboard" })
  @ApiOkResponse({
    description: 'The SyncCrmStatus contract (libs/events/src/contracts/internal-api/sync-crm-status.ts), validated by accounts on receipt',
    schema: { type: 'object', additionalProperties: true },
  })
  status(@Param('accountId') accountId: string) {
    return this.syncs.status(accountId);
  }
}
