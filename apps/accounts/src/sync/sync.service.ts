import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createEvent } from '@contact-sync/events';
import { EventPublisher, type Actor } from '@contact-sync/platform';
import { ProviderAuthError, type ProviderGroup } from '@contact-sync/provider-adapters';
import { AccountRepository, type OwnerScope } from '../accounts/account.repository';
import type { UpdateQuery } from 'mongoose';
import type { Account, AccountDocument } from '../accounts/account.schema';
import { AccessTokenService } from '../internal/access-token.service';
import { CONTACT_DRIVERS, type ContactDrivers } from '../providers/providers.module';
import type { SyncConfigDto } from './sync-config.dto';
import { SyncPolicy } from '../directory/sync-policy';

const scopeOf = (actor: Actor): OwnerScope => ({ companyId: actor.companyId, ownerUserId: actor.userId });

/** Configuration and control of an account's sync: groups, configure, start, refresh, pause, disconnect. */
@Injectable()
export class SyncService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: AccessTokenService,
    @Inject(CONTACT_DRIVERS) private readonly drivers: ContactDrivers,
    private readonly events: EventPublisher,
    private readonly policy: SyncPolicy,
  ) {}

  async get(actor: Actor, id: string): Promise<AccountDocument> {
    const account = await this.accounts.findForOwner(scopeOf(actor), id);
    if (!account || account.status === 'disconnected') throw new NotFoundException(`account ${id} not found`);
    return account;
  }

  private async connected(actor: Actor, id: string): Promise<AccountDocument> {
    const account = await this.get(actor, id);
    if (account.status === 'pending') throw new ConflictException('the account has not finished connecting');
    if (account.status === 'reconnect_needed') throw new ConflictException('the account must be reconnected first');
    return account;
  }

  async groups(actor: Actor, id: string): Promise<ProviderGroup[]> {
    const account = await this.connected(actor, id);
    const { accessToken } = await this.tokens.issue(account.id);
    try {
      return await this.drivers.get(account.provider).listGroups(accessToken);
    } catch (err) {
      if (err instanceof ProviderAuthError) throw new ConflictException('the provider refused access: reconnect the account');
      throw err;
    }
  }

  async configure(actor: Actor, id: string, dto: SyncConfigDto): Promise<AccountDocument> {
    const account = await this.connected(actor, id);
    const access = await this.policy.requireSyncPermissions(actor);
    this.policy.requireVisibilityAllowed(access, dto.visibility);
    let groupName: string | null = null;
    if (dto.groupId !== null) {
      const group = (await this.groups(actor, id)).find((g) => g.id === dto.groupId);
      if (!group) throw new BadRequestException(`groupId "${dto.groupId}" is not a group of this account (see GET /accounts/${id}/sync-groups)`);
      groupName = group.name;
    }
    return this.update(actor, account.id, {
      $set: {
        syncConfig: { groupId: dto.groupId, groupName, direction: dto.direction, visibility: dto.visibility, confirmedAt: null },
        ...(account.syncStatus === 'not_configured' ? { syncStatus: 'configured' } : {}),
      },
    });
  }

  /** "Start sync": confirms the configuration; ingest runs the first full sync on the event. */
  async start(actor: Actor, id: string): Promise<AccountDocument> {
    const account = await this.connected(actor, id);
    const config = account.syncConfig;
    if (!config) throw new ConflictException('configure the sync first (PUT /accounts/:id/sync-config)');
    // Checked again at start: permissions or the plan may have changed since the configuration.
    const access = await this.policy.requireSyncPermissions(actor);
    this.policy.requireVisibilityAllowed(access, config.visibility);
    const updated = await this.update(actor, account.id, { $set: { syncStatus: 'active', 'syncConfig.confirmedAt': new Date() } });
    await this.events.publish(
      createEvent('sync.configured', { companyId: account.companyId, accountId: account.id }, {
        config: {
          provider: account.provider,
          ownerUserId: account.ownerUserId,
          groupId: config.groupId,
          groupName: config.groupName,
          direction: config.direction,
          visibility: config.visibility,
        },
      }),
    );
    return updated;
  }

  async refresh(actor: Actor, id: string, full: boolean): Promise<void> {
    const account = await this.connected(actor, id);
    if (account.syncStatus !== 'active') throw new ConflictException('the sync is not running; start it first');
    await this.events.publish(createEvent('sync.refresh-requested', { companyId: account.companyId, accountId: account.id }, { full }));
  }

  async pause(actor: Actor, id: string): Promise<AccountDocument> {
    const account = await this.connected(actor, id);
    const updated = await this.update(actor, account.id, { $set: { syncStatus: 'paused' } });
    await this.events.publish(createEvent('sync.paused', { companyId: account.companyId, accountId: account.id }, {}));
    return updated;
  }

  private async update(actor: Actor, id: string, update: UpdateQuery<Account>): Promise<AccountDocument> {
    const updated = await this.accounts.updateForOwner(scopeOf(actor), id, update);
    if (!updated) throw new NotFoundException(`account ${id} not found`);
    return updated;
  }

  async disconnect(actor: Actor, id: string): Promise<void> {
    const account = await this.get(actor, id);
    // Tokens are wiped, not just flagged: a disconnected account must hold no credentials.
    await this.accounts.updateForOwner(scopeOf(actor), account.id, {
      $set: { status: 'disconnected', syncStatus: 'paused', refreshTokenSealed: null, accessTokenSealed: null, accessTokenExpiresAt: null },
      $inc: { tokenVersion: 1 },
    });
    await this.events.publish(createEvent('account.disconnected', { companyId: account.companyId, accountId: account.id }, {}));
  }
}
