import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { createEvent } from '@contact-sync/events';
import type { Actor } from '@contact-sync/platform';
import { ProviderAuthError, type ProviderGroup } from '@contact-sync/provider-adapters';
import { AccountRepository, type OwnerScope } from '../accounts/account.repository';
import type { UpdateQuery } from 'mongoose';
import type { Account, AccountDocument, Revocation } from '../accounts/account.schema';
import { AccessTokenService } from '../internal/access-token.service';
import { CONTACT_DRIVERS, OAUTH_PROVIDERS, type ContactDrivers, type OAuthProviders } from '../providers/providers.module';
import { TokenCipher } from '../crypto/token-cipher';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { pushToOutbox } from '../outbox/outbox-entry';
import type { SyncConfigDto } from './sync-config.dto';
import { SyncPolicy } from '../directory/sync-policy';

const scopeOf = (actor: Actor): OwnerScope => ({ companyId: actor.companyId, ownerUserId: actor.userId });

/** Configuration and control of an account's sync: groups, configure, start, refresh, pause, disconnect. */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: AccessTokenService,
    @Inject(CONTACT_DRIVERS) private readonly drivers: ContactDrivers,
    @Inject(OAUTH_PROVIDERS) private readonly oauth: OAuthProviders,
    private readonly cipher: TokenCipher,
    private readonly outbox: OutboxPublisher,
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
    // The version survives re-configuration: only a confirmation (start) bumps it.
    const configVersion = account.syncConfig?.configVersion ?? 0;
    return this.update(actor, account.id, {
      $set: {
        syncConfig: { groupId: dto.groupId, groupName, direction: dto.direction, visibility: dto.visibility, confirmedAt: null, configVersion },
        ...(account.syncStatus === 'not_configured' ? { syncStatus: 'configured' } : {}),
      },
    });
  }

  /** "Start sync": confirms the configuration under a new configVersion; ingest runs a full sync on the event. */
  async start(actor: Actor, id: string): Promise<AccountDocument> {
    const account = await this.connected(actor, id);
    const config = account.syncConfig;
    if (!config) throw new ConflictException('configure the sync first (PUT /accounts/:id/sync-config)');
    // Checked again at start: permissions or the plan may have changed since the configuration.
    const access = await this.policy.requireSyncPermissions(actor);
    this.policy.requireVisibilityAllowed(access, config.visibility);
    const current = config.configVersion ?? 0;
    const configVersion = current + 1;
    const event = createEvent('sync.configured', { companyId: account.companyId, accountId: account.id }, {
      config: {
        provider: account.provider,
        ownerUserId: account.ownerUserId,
        groupId: config.groupId,
        groupName: config.groupName,
        direction: config.direction,
        visibility: config.visibility,
      },
      configVersion,
    });
    // Compare-and-set on the version: two concurrent starts cannot send the same version twice.
    const updated = await this.accounts.updateForOwner(
      scopeOf(actor),
      account.id,
      { $set: { syncStatus: 'active', 'syncConfig.confirmedAt': new Date(), 'syncConfig.configVersion': configVersion, 'dashboard.runRequestedAt': new Date() }, $push: pushToOutbox(event) },
      { 'syncConfig.configVersion': current === 0 ? { $in: [0, null] } : current },
    );
    if (!updated) throw new ConflictException('the configuration changed meanwhile; try again');
    await this.outbox.flush(account.id);
    return updated;
  }

  async refresh(actor: Actor, id: string, full: boolean): Promise<void> {
    const account = await this.connected(actor, id);
    if (account.syncStatus !== 'active') throw new ConflictException('the sync is not running; start it first');
    const event = createEvent('sync.refresh-requested', { companyId: account.companyId, accountId: account.id }, { full });
    await this.update(actor, account.id, { $set: { 'dashboard.runRequestedAt': new Date() }, $push: pushToOutbox(event) });
    await this.outbox.flush(account.id);
  }

  async pause(actor: Actor, id: string): Promise<AccountDocument> {
    const account = await this.connected(actor, id);
    const event = createEvent('sync.paused', { companyId: account.companyId, accountId: account.id }, {});
    const updated = await this.update(actor, account.id, { $set: { syncStatus: 'paused' }, $push: pushToOutbox(event) });
    await this.outbox.flush(account.id);
    return updated;
  }

  /**
   * The user's answer to a held mass deletion. 409 unless a question is open; the answer is
   * recorded on the account with its event, so a second answer to the same run is refused.
   */
  async decideDeletions(actor: Actor, id: string, decision: 'confirm' | 'reject'): Promise<void> {
    const account = await this.get(actor, id);
    const held = account.dashboard?.heldDeletions;
    if (!held || held.decision !== null) throw new ConflictException('no deletions are awaiting confirmation');
    const event = createEvent('sync.deletions-decided', { companyId: account.companyId, accountId: account.id }, { decision, heldRunId: held.runId });
    const updated = await this.accounts.updateForOwner(
      scopeOf(actor),
      account.id,
      { $set: { 'dashboard.heldDeletions.decision': decision }, $push: pushToOutbox(event) },
      { 'dashboard.heldDeletions.runId': held.runId, 'dashboard.heldDeletions.decision': null },
    );
    if (!updated) throw new ConflictException('no deletions are awaiting confirmation');
    await this.outbox.flush(account.id);
  }

  private async update(actor: Actor, id: string, update: UpdateQuery<Account>): Promise<AccountDocument> {
    const updated = await this.accounts.updateForOwner(scopeOf(actor), id, update);
    if (!updated) throw new NotFoundException(`account ${id} not found`);
    return updated;
  }

  /**
   * Idempotent: a second call on a disconnected account changes nothing and sends nothing new (it
   * only retries an account.disconnected that was never published). Persons and links stay in the CRM.
   */
  async disconnect(actor: Actor, id: string): Promise<void> {
    const account = await this.accounts.findForOwner(scopeOf(actor), id);
    if (!account) throw new NotFoundException(`account ${id} not found`);
    if (account.status !== 'disconnected') {
      const revocation = await this.revoke(account);
      const event = createEvent('account.disconnected', { companyId: account.companyId, accountId: account.id }, {});
      // Guarded on status so concurrent disconnects record one event. Tokens are wiped, not flagged.
      await this.accounts.updateForOwner(
        scopeOf(actor),
        account.id,
        {
          $set: {
            status: 'disconnected',
            syncStatus: 'paused',
            disconnectedAt: new Date(),
            revocation,
            refreshTokenSealed: null,
            accessTokenSealed: null,
            accessTokenExpiresAt: null,
          },
          $inc: { tokenVersion: 1 },
          $push: pushToOutbox(event),
        },
        { status: { $ne: 'disconnected' } },
      );
    }
    await this.outbox.flush(account.id);
  }

  /** Revokes the grant at the provider before the tokens are wiped; a failure is recorded, never blocking. */
  private async revoke(account: AccountDocument): Promise<Revocation> {
    const at = new Date();
    if (!account.refreshTokenSealed) return { result: 'no_token', message: null, at };
    try {
      const refreshToken = this.cipher.decrypt(account.refreshTokenSealed, account.id);
      const result = await this.oauth.get(account.provider).revoke(refreshToken);
      return { result, message: null, at };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn(`account ${account.id}: revoking the grant at ${account.provider} failed (disconnecting anyway): ${message}`);
      return { result: 'failed', message, at };
    }
  }
}
