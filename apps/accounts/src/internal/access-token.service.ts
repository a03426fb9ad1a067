import { ConflictException, Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ProviderAuthError, ProviderError } from '@contact-sync/provider-adapters';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountDocument } from '../accounts/account.schema';
import { TokenCipher } from '../crypto/token-cipher';
import { OAUTH_PROVIDERS, type OAuthProviders } from '../providers/providers.module';

/** Refresh a little before expiry so a token handed out stays valid for the caller's next requests. */
const EXPIRY_MARGIN_MS = 2 * 60_000;

export interface IssuedAccessToken {
  accessToken: string;
  expiresAt: string;
  provider: string;
}

/**
 * Hands fresh access tokens to other services. Refreshes when needed, stores the real expiry and
 * any rotated refresh token, and turns a revoked grant into "reconnect needed".
 */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger(AccessTokenService.name);
  /** One refresh per account at a time in this replica; the version check covers other replicas. */
  private readonly inFlight = new Map<string, Promise<IssuedAccessToken>>();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly cipher: TokenCipher,
    @Inject(OAUTH_PROVIDERS) private readonly oauth: OAuthProviders,
  ) {}

  async issue(accountId: string, forceRefresh = false): Promise<IssuedAccessToken> {
    const account = await this.accounts.findByIdInternal(accountId);
    if (!account || account.status === 'disconnected') throw new NotFoundException('account not found or disconnected');
    if (account.status === 'reconnect_needed' || !account.refreshTokenSealed) {
      throw new ConflictException({ statusCode: 409, code: 'reconnect_needed', message: 'the account must be reconnected' });
    }
    const { accessTokenSealed, accessTokenExpiresAt } = account;
    if (!forceRefresh && accessTokenSealed && accessTokenExpiresAt && accessTokenExpiresAt.getTime() - EXPIRY_MARGIN_MS > Date.now()) {
      return { accessToken: this.cipher.decrypt(accessTokenSealed, account.id), expiresAt: accessTokenExpiresAt.toISOString(), provider: account.provider };
    }

    const running = this.inFlight.get(accountId);
    if (running) return running;
    const refresh = this.refresh(account, account.refreshTokenSealed).finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, refresh);
    return refresh;
  }

  private async refresh(account: AccountDocument, refreshTokenSealed: string): Promise<IssuedAccessToken> {
    const refreshToken = this.cipher.decrypt(refreshTokenSealed, account.id);
    try {
      const tokens = await this.oauth.get(account.provider).refresh(refreshToken);
      const stored = await this.accounts.replaceTokensIfVersion(account.id, account.tokenVersion, {
        accessTokenSealed: this.cipher.encrypt(tokens.accessToken, account.id),
        accessTokenExpiresAt: tokens.expiresAt,
        // Providers that rotate refresh tokens (Microsoft) invalidate the old one: always keep the newest.
        ...(tokens.refreshToken ? { refreshTokenSealed: this.cipher.encrypt(tokens.refreshToken, account.id) } : {}),
      });
      if (!stored) {
        // Another replica refreshed first; its tokens are the current ones.
        return this.issue(account.id);
      }
      return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt.toISOString(), provider: account.provider };
    } catch (err) {
      if (err instanceof ProviderAuthError) {
        await this.accounts.updateByIdInternal(account.id, {
          $set: {
            status: 'reconnect_needed',
            'dashboard.lastError': { code: 'reconnect_needed', message: 'Access to the account was revoked or expired: reconnect the account.' },
          },
        });
        this.logger.warn(`account ${account.id}: refresh refused (${err.message}); reconnect needed`);
        throw new ConflictException({ statusCode: 409, code: 'reconnect_needed', message: 'the account must be reconnected' });
      }
      // Anything else the provider said (5xx, 429, network) is temporary: the caller retries.
      if (err instanceof ProviderError) {
        this.logger.warn(`account ${account.id}: refresh failed temporarily (${err.message})`);
        throw new ServiceUnavailableException({ statusCode: 503, code: 'provider_unavailable', message: 'the provider could not refresh the token; retry shortly' });
      }
      throw err;
    }
  }
}
