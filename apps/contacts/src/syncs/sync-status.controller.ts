import { Controller, Get, Param } from '@nestjs/common';
import { InternalApi } from '@contact-sync/platform';
import { SyncStatusService } from './sync-status.service';

/** Internal contract SYNC_CRM_STATUS_PATH: accounts reads it live for the dashboard. */
@InternalApi('contacts.sync-status')
@Controller('internal/syncs/:accountId')
export class SyncStatusController {
  constructor(private readonly syncs: SyncStatusService) {}

  @Get('status')
  status(@Param('accountId') accountId: string) {
    return this.syncs.status(accountId);
  }
}
