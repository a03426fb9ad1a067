import { ConflictException } from '@nestjs/common';
import { createEvent, type EventEnvelope } from '@contact-sync/events';
import type { Actor } from '@contact-sync/platform';
import { ProviderUnavailableError, type OAuthProvider } from '@contact-sync/provider-adapters';
import { openTestDb, RecordingPublisher, testCipher } from '../testing/accounts-db.test';
import { AccountRepository } from '../accounts/account.repository';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { DashboardService } from '../dashboard/dashboard.service';
import type { AccessTokenService } from '../internal/access-token.service';
import type { ContactDrivers, OAuthProviders } from '../providers/providers.module';
import type { SyncPolicy } from '../directory/sync-policy';
import { SyncService } from './sync.service';

const actor = { companyId: 'c1', userId: 'u1' } as Actor;

describe('SyncService and run summaries (real database)', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());

  function setup(revoke: OAuthProvider['revoke'] = async () => 'revoked') {
    const broker = new RecordingPublisher();
    const revoked: string[] = [];
    const provider = { revoke: async (t: string) => (revoked.push(t), revoke(t)) } as unknown as OAuthProvider;
    const repo = new AccountRepository(db.accounts);
    const cipher = testCipher();
    const service = new SyncService(
      repo,
      {} as AccessTokenService,
      {} as ContactDrivers,
      { get: () => provider, has: () => true } as unknown as OAuthProviders,
      cipher,
      new OutboxPublisher(db.accounts, broker.asPublisher()),
      { requireSyncPermissions: async () => ({}), requireVisibilityAllowed: () => undefined } as unknown as SyncPolicy,
    );
    return { broker, revoked, service, repo, cipher, dashboard: new DashboardService(repo) };
  }

  async function connectedAccount(cipher = testCipher()) {
    const account = await db.accounts.create({
      companyId: 'c1', ownerUserId: 'u1', provider: 'google', email: `${Math.random()}@example.com`, status: 'connected',
      syncStatus: 'active', syncConfig: { groupId: null, groupName: null, direction: 'one_way', visibility: 'entire_company', configVersion: 0 },
    });
    account.refreshTokenSealed = cipher.encrypt('refresh-1', account.id);
    await account.save();
    return account;
  }

  function summary(accountId: string, runSequence: number, over: Partial<EventEnvelope<'sync-run.completed'>['payload']> = {}) {
    const at = new Date().toISOString();
    return createEvent('sync-run.completed', { companyId: 'c1', accountId }, {
      syncRunId: `run-${runSequence}`, runSequence, configVersion: 1, kind: 'incremental', status: 'succeeded', startedAt: at, finishedAt: at,
      stats: { fetched: 10, emitted: 2, upserted: 2, deleted: 0, unchanged: 8, inSync: 10, quarantined: 0, heldDeletions: 0 },
      quarantine: [], error: null, ...over,
    });
  }

  it('start bumps configVersion and sends it in sync.configured', async () => {
    const { service, broker } = setup();
    const account = await connectedAccount();
    await service.start(actor, account.id);
    await service.start(actor, account.id);
    expect((await db.accounts.findById(account.id).lean())?.syncConfig?.configVersion).toBe(2);
    expect(broker.published.map((e) => (e.type === 'sync.configured' ? e.payload.configVersion : null))).toEqual([1, 2]);
  });

  it('disconnect revokes, wipes tokens and sends one event; a second disconnect sends nothing', async () => {
    const { service, broker, revoked } = setup();
    const account = await connectedAccount();
    await service.disconnect(actor, account.id);
    await service.disconnect(actor, account.id);
    const stored = await db.accounts.findById(account.id).lean();
    expect(stored).toMatchObject({ status: 'disconnected', refreshTokenSealed: null, accessTokenSealed: null, outbox: [] });
    expect(stored?.revocation?.result).toBe('revoked');
    expect(revoked).toEqual(['refresh-1']);
    expect(broker.published.map((e) => e.type)).toEqual(['account.disconnected']);
  });

  it('a failed revoke or publish does not block the disconnect; the second call publishes the pending event', async () => {
    const { service, broker } = setup(async () => {
      throw new ProviderUnavailableError('revoke endpoint down', 'google', 503);
    });
    const account = await connectedAccount();
    broker.failures = 1;
    await service.disconnect(actor, account.id);
    let stored = await db.accounts.findById(account.id).lean();
    expect(stored).toMatchObject({ status: 'disconnected', refreshTokenSealed: null, revocation: { result: 'failed', message: 'revoke endpoint down' } });
    expect(stored?.outbox).toHaveLength(1);
    expect(broker.published).toHaveLength(0);

    await service.disconnect(actor, account.id);
    stored = await db.accounts.findById(account.id).lean();
    expect(stored?.outbox).toHaveLength(0);
    expect(broker.published.map((e) => e.type)).toEqual(['account.disconnected']);
  });

  it('ignores older summaries and any summary after a disconnect', async () => {
    const { service, dashboard } = setup();
    const account = await connectedAccount();
    await dashboard.apply(summary(account.id, 5));
    await dashboard.apply(summary(account.id, 4, { stats: { fetched: 1, emitted: 0, upserted: 0, deleted: 0, unchanged: 1, inSync: 1, quarantined: 0, heldDeletions: 0 } }));
    expect((await db.accounts.findById(account.id).lean())?.dashboard).toMatchObject({ lastRunSequence: 5, providerTotal: 10 });

    await service.disconnect(actor, account.id);
    await dashboard.apply(summary(account.id, 6, { status: 'failed', error: { code: 'reconnect_needed', message: 'late' } }));
    const stored = await db.accounts.findById(account.id).lean();
    expect(stored?.status).toBe('disconnected');
    expect(stored?.dashboard?.lastRunSequence).toBe(5);
  });

  it('confirms or rejects held deletions once; 409 when nothing is held', async () => {
    const { service, broker, dashboard } = setup();
    const account = await connectedAccount();
    await expect(service.decideDeletions(actor, account.id, 'confirm')).rejects.toBeInstanceOf(ConflictException);

    await dashboard.apply(summary(account.id, 1, {
      status: 'awaiting_confirmation', error: { code: 'deletions_need_confirmation', message: '412 deletions held' },
      stats: { fetched: 0, emitted: 0, upserted: 0, deleted: 0, unchanged: 0, inSync: 0, quarantined: 0, heldDeletions: 412 },
    }));
    await service.decideDeletions(actor, account.id, 'reject');
    await expect(service.decideDeletions(actor, account.id, 'confirm')).rejects.toBeInstanceOf(ConflictException);
    const decided = broker.published.filter((e) => e.type === 'sync.deletions-decided');
    expect(decided.map((e) => e.payload)).toEqual([{ decision: 'reject', heldRunId: 'run-1' }]);

    // A later run holding deletions again opens a new question.
    await dashboard.apply(summary(account.id, 2, { status: 'awaiting_confirmation', stats: { fetched: 0, emitted: 0, upserted: 0, deleted: 0, unchanged: 0, inSync: 0, quarantined: 0, heldDeletions: 412 } }));
    await service.decideDeletions(actor, account.id, 'confirm');
    expect(broker.published.filter((e) => e.type === 'sync.deletions-decided').map((e) => e.payload)).toEqual([
      { decision: 'reject', heldRunId: 'run-1' },
      { decision: 'confirm', heldRunId: 'run-2' },
    ]);
  });
});
