import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CurrentActor, Public, type Actor } from '@contact-sync/platform';
import { ConnectAccountDto } from '../oauth/connect.dto';
import { ConnectionService } from '../oauth/connection.service';
import { RefreshDto, SyncConfigDto } from '../sync/sync-config.dto';
import { SyncService } from '../sync/sync.service';
import { AccountRepository } from './account.repository';
import { toAccountView } from './account.view';
import { CrmStatusClient } from '../dashboard/crm-status.client';
import { RateLimit, refreshOrFullResync } from '../limits/rate-limit.decorator';

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
  connect(@CurrentActor() actor: Actor, @Body() dto: ConnectAccountDto) {
    return this.connections.start(actor, dto.provider, dto.email);
  }

  /** Step 2: the provider redirects the browser here with the code and our signed state (no actor token; the state identifies the attempt). */
  @Public()
  @Get('oauth/callback')
  async callback(@Query() query: Record<string, string>) {
    return toAccountView(await this.connections.complete(query));
  }

  @Get('accounts')
  async list(@CurrentActor() actor: Actor) {
    const accounts = await this.accounts.listForOwner({ companyId: actor.companyId, ownerUserId: actor.userId });
    // The same projected dashboard as GET /accounts/:id: a list must not show other figures than the detail.
    return Promise.all(accounts.map(async (a) => toAccountView(a, await this.crm.status(a.id))));
  }

  @Get('accounts/:id')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const account = await this.sync.get(actor, id);
    return toAccountView(account, await this.crm.status(account.id));
  }

  @Delete('accounts/:id')
  @HttpCode(204)
  disconnect(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.sync.disconnect(actor, id);
  }

  @Get('accounts/:id/sync-groups')
  groups(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.sync.groups(actor, id);
  }

  @Put('accounts/:id/sync-config')
  async configure(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SyncConfigDto) {
    return toAccountView(await this.sync.configure(actor, id, dto));
  }

  @Post('accounts/:id/sync/start')
  @HttpCode(202)
  async start(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return toAccountView(await this.sync.start(actor, id));
  }

  @Post('accounts/:id/sync/refresh')
  @RateLimit(refreshOrFullResync)
  @HttpCode(202)
  async refresh(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: RefreshDto) {
    await this.sync.refresh(actor, id, dto.full ?? false);
    return { accepted: true };
  }

  @Post('accounts/:id/sync/pause')
  @HttpCode(202)
  async pause(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return toAccountView(await this.sync.pause(actor, id));
  }

  /** The answer to a held mass deletion (dashboard state awaiting_confirmation); 409 when nothing is held. */
  @Post('accounts/:id/sync/deletions/confirm')
  @HttpCode(202)
  async confirmDeletions(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.sync.decideDeletions(actor, id, 'confirm');
    return { accepted: true };
  }

  @Post('accounts/:id/sync/deletions/reject')
  @HttpCode(202)
  async rejectDeletions(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.sync.decideDeletions(actor, id, 'reject');
    return { accepted: true };
  }
}
