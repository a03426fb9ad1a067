import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorAuth, ApiErrors, CurrentActor, type Actor } from '@contact-sync/platform';
import { ConnectAccountDto, ConnectionStartResponse } from '../oauth/connect.dto';
import { ConnectionService } from '../oauth/connection.service';
import { AcceptedResponse, RefreshDto, SyncConfigDto, SyncGroupResponse } from '../sync/sync-config.dto';
import { SyncService } from '../sync/sync.service';
import { AccountRepository } from './account.repository';
import { AccountResponse } from './account.response';
import { toAccountView } from './account.view';
import { CrmStatusClient } from '../dashboard/crm-status.client';
import { RateLimit, refreshOrFullResync } from '../limits/rate-limit.decorator';
import { MissingPermissionsResponse, SyncConfigErrorResponse } from '../directory/sync-policy.responses';

const NO_SYNC_PERMISSION = [403, 'The acting user lacks a permission syncing needs', MissingPermissionsResponse] as const;

@ApiTags('accounts')
@ApiActorAuth()
@Controller()
export class AccountsController {
  constructor(
    private readonly connections: ConnectionService,
    private readonly sync: SyncService,
    private readonly accounts: AccountRepository,
    private readonly crm: CrmStatusClient,
  ) {}

  /** Step 1 of connecting: returns the provider's authorization URL to send the user's browser to. */
  @Post('accounts/connections')
  @RateLimit('connect')
  @ApiOperation({ summary: "Start connecting an address book: the provider's authorization URL" })
  @ApiCreatedResponse({ type: ConnectionStartResponse })
  @ApiErrors(400, [...NO_SYNC_PERMISSION])
  connect(@CurrentActor() actor: Actor, @Body() dto: ConnectAccountDto): Promise<ConnectionStartResponse> {
    return this.connections.start(actor, dto.provider, dto.email);
  }

  @Get('accounts')
  @ApiOperation({ summary: "The acting user's accounts, each with its dashboard" })
  @ApiOkResponse({ type: [AccountResponse] })
  async list(@CurrentActor() actor: Actor): Promise<AccountResponse[]> {
    const accounts = await this.accounts.listForOwner({ companyId: actor.companyId, ownerUserId: actor.userId });
    // The same projected dashboard as GET /accounts/:id: a list must not show other figures than the detail.
    return Promise.all(accounts.map(async (a) => toAccountView(a, await this.crm.status(a.id))));
  }

  @Get('accounts/:id')
  @ApiOperation({ summary: 'An account with its dashboard' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors(404)
  async get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AccountResponse> {
    const account = await this.sync.get(actor, id);
    return toAccountView(account, await this.crm.status(account.id));
  }

  @Delete('accounts/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "Disconnect: stops the sync and revokes the provider's grant" })
  @ApiNoContentResponse({ description: 'Disconnected' })
  @ApiErrors(404)
  disconnect(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.sync.disconnect(actor, id);
  }

  @Get('accounts/:id/sync-groups')
  @ApiOperation({ summary: 'The groups (Google) or folders (Microsoft) the sync may be limited to' })
  @ApiOkResponse({ type: [SyncGroupResponse] })
  @ApiErrors(404, [409, 'The provider refused access: reconnect the account'])
  groups(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SyncGroupResponse[]> {
    return this.sync.groups(actor, id);
  }

  @Put('accounts/:id/sync-config')
  @ApiOperation({ summary: 'Choose what to sync, in which direction and with which visibility' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors([400, 'Invalid, not a group of the account, or a visibility the plan does not offer', SyncConfigErrorResponse], [...NO_SYNC_PERMISSION], 404, 409)
  async configure(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SyncConfigDto): Promise<AccountResponse> {
    return toAccountView(await this.sync.configure(actor, id, dto));
  }

  @Post('accounts/:id/sync/start')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start (or resume) syncing with the configuration' })
  @ApiAcceptedResponse({ type: AccountResponse })
  @ApiErrors([400, 'The configured visibility is no longer offered by the plan', SyncConfigErrorResponse], [...NO_SYNC_PERMISSION], 404, 409)
  async start(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AccountResponse> {
    return toAccountView(await this.sync.start(actor, id));
  }

  @Post('accounts/:id/sync/refresh')
  @RateLimit(refreshOrFullResync)
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the sync now; `full` for a complete pass instead of an incremental one' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiErrors(400, 404, 409)
  async refresh(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: RefreshDto): Promise<AcceptedResponse> {
    await this.sync.refresh(actor, id, dto.full ?? false);
    return { accepted: true };
  }

  @Post('accounts/:id/sync/pause')
  @HttpCode(202)
  @ApiOperation({ summary: 'Pause syncing (start resumes it)' })
  @ApiAcceptedResponse({ type: AccountResponse })
  @ApiErrors(404, 409)
  async pause(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AccountResponse> {
    return toAccountView(await this.sync.pause(actor, id));
  }

  /** The answer to a held mass deletion (dashboard state awaiting_confirmation); 409 when nothing is held. */
  @Post('accounts/:id/sync/deletions/confirm')
  @HttpCode(202)
  @ApiOperation({ summary: 'Let a held mass deletion go ahead' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiErrors(404, [409, 'No deletion is held'])
  async confirmDeletions(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AcceptedResponse> {
    await this.sync.decideDeletions(actor, id, 'confirm');
    return { accepted: true };
  }

  @Post('accounts/:id/sync/deletions/reject')
  @HttpCode(202)
  @ApiOperation({ summary: 'Keep the persons of a held mass deletion' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiErrors(404, [409, 'No deletion is held'])
  async rejectDeletions(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AcceptedResponse> {
    await this.sync.decideDeletions(actor, id, 'reject');
    return { accepted: true };
  }
}
