import { ConflictException, ServiceUnavailableException } from '@nestjs/common';
import { ProviderAuthError, ProviderUnavailableError, type OAuthProvider, type OAuthTokens } from '@contact-sync/provider-adapters';
import { openTestDb, testCipher } from '../testing/accounts-db.test';
import { AccountRepository } from '../accounts/account.repository';
import type { OAuthProviders } from '../providers/providers.module';
import { AccessTokenService } from './access-token.service';

/** A provider token endpoint stand-in: counts refreshes, can rotate the refresh token or fail. */
class FakeOAuth {
  calls: string[] = [];
  next: () => Promise<OAuthTokens> = async () => ({ accessToken: `at-${this.calls.length}`, expiresAt: new Date(Date.now() + 3_600_000) });
  async refresh(refreshToken: string): Promise<OAuthTokens> {
    this.calls.push(refreshToken);
    await new Promise((r) => setTimeout(r, 20));
    return this.next();
  }
  registry(): OAuthProviders {
    return { get: () => this as unknown as OAuthProvider } as unknown as OAuthProviders;
  }
}

describe('AccessTokenService (real database)', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.close());
  const cipher = testCipher();

  async function account(accessExpiresInMs: number | null) {
    const a = await db.accounts.create({ companyId: 'c1', ownerUserId: 'u1', provider: 'google', email: `${Math.random()}@example.com`, status: 'connected' });
    a.refreshTokenSealed = cipher.encrypt('rt-1', a.id);
    if (accessExpiresInMs !== null) {
      a.accessTokenSealed = cipher.encrypt('cached', a.id);
      a.accessTokenExpiresAt = new Date(Date.now() + accessExpiresInMs);
    }
    await a.save();
    return a;
  }
  const setup = () => {
    const oauth = new FakeOAuth();
    return { oauth, service: new AccessTokenService(new AccountRepository(db.accounts), cipher, oauth.registry()) };
  };

  it('returns the cached token while valid and refreshes when about to expire', async () => {
    const { oauth, service } = setup();
    const valid = await account(3_600_000);
    expect((await service.issue(valid.id)).accessToken).toBe('cached');
    const expiring = await account(30_000);
    expect((await service.issue(expiring.id)).accessToken).toBe('at-1');
    expect(oauth.calls).toEqual(['rt-1']);
    const stored = await db.accounts.findById(expiring.id).orFail();
    expect(cipher.decrypt(stored.accessTokenSealed!, stored.id)).toBe('at-1');
  });

  it('refreshes once for concurrent callers', async () => {
    const { oauth, service } = setup();
    const a = await account(null);
    const issued = await Promise.all([service.issue(a.id), service.issue(a.id), service.issue(a.id)]);
    expect(new Set(issued.map((t) => t.accessToken))).toEqual(new Set(['at-1']));
    expect(oauth.calls).toHaveLength(1);
  });

  it('keeps a rotated refresh token', async () => {
    const { oauth, service } = setup();
    oauth.next = async () => ({ accessToken: 'at-r', refreshToken: 'rt-2', expiresAt: new Date(Date.now() + 3_600_000) });
    const a = await account(null);
    await service.issue(a.id);
    const stored = await db.accounts.findById(a.id).orFail();
    expect(cipher.decrypt(stored.refreshTokenSealed!, stored.id)).toBe('rt-2');
  });

  it('forces a refresh even when the cached token looks valid', async () => {
    const { oauth, service } = setup();
    const a = await account(3_600_000);
    expect((await service.issue(a.id, true)).accessToken).toBe('at-1');
    expect(oauth.calls).toHaveLength(1);
  });

  it('answers reconnect_needed only when the refresh got invalid_grant', async () => {
    const { oauth, service } = setup();
    oauth.next = async () => {
      throw new ProviderAuthError('invalid_grant', 'google', 400);
    };
    const a = await account(null);
    await expect(service.issue(a.id)).rejects.toBeInstanceOf(ConflictException);
    expect((await db.accounts.findById(a.id).lean())?.status).toBe('reconnect_needed');
  });

  it('answers 503 on a provider outage and leaves the account connected', async () => {
    const { oauth, service } = setup();
    oauth.next = async () => {
      throw new ProviderUnavailableError('token endpoint 503', 'google', 503);
    };
    const a = await account(null);
    await expect(service.issue(a.id, true)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect((await db.accounts.findById(a.id).lean())?.status).toBe('connected');
  });
});
