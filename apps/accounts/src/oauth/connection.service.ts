import { BadRequestException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createEvent } from '@contact-sync/events';
import { SERVICE_CONFIG, type Actor } from '@contact-sync/platform';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { pushToOutbox } from '../outbox/outbox-entry';
import { createPkcePair, ProviderError, ProviderRateLimitError, ProviderUnavailableError } from '@contact-sync/provider-adapters';
import type { ProviderKind } from '@contact-sync/contact-model';
import type { AccountsConfig } from '../config/accounts-env.schema';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountDocument } from '../accounts/account.schema';
import { TokenCipher } from '../crypto/token-cipher';
import { OAUTH_PROVIDERS, type OAuthProviders } from '../providers/providers.module';
import { OAuthAttempt } from './oauth-attempt.schema';
import { OAuthStateSigner } from './oauth-state';
import { SyncPolicy } from '../directory/sync-policy';

/** An authorization round trip not finished by then is refused and later swept (ExpirySweeper). */
export const ATTEMPT_TTL_MS = 15 * 60_000;

/** Authorization-code flow with PKCE: start (authorization URL) and callback (code → tokens). */
@Injectable()
export class ConnectionService {
  private readonly logger = new Logger(ConnectionService.name);

  constructor(
    private readonly accounts: AccountRepository,
    @InjectModel(OAuthAttempt.name) private readonly attempts: Model<OAuthAttempt>,
    @Inject(OAUTH_PROVIDERS) private readonly oauth: OAuthProviders,
    @Inject(SERVICE_CONFIG) private readonly config: AccountsConfig,
    private readonly cipher: TokenCipher,
    private readonly state: OAuthStateSigner,
    private readonly outbox: OutboxPublisher,
    private readonly policy: SyncPolicy,
  ) {}

  private get redirectUri(): string {
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/oauth/callback`;
  }

  async start(actor: Actor, provider: ProviderKind, email: string): Promise<{ accountId: string; authorizationUrl: string }> {
    if (!this.oauth.has(provider)) throw new BadRequestException(`provider "${provider}" is not enabled on this installation`);
    await this.policy.requireSyncPermissions(actor);
    const account = await this.accounts.upsertPending({ companyId: actor.companyId, ownerUserId: actor.userId }, provider, email);
    const pkce = createPkcePair();
    const expiresAt = Date.now() + ATTEMPT_TTL_MS;
    const attempt = await this.attempts.create({
      accountId: account.id,
      companyId: actor.companyId,
      codeVerifierSealed: this.cipher.encrypt(pkce.verifier, account.id),
      redirectUri: this.redirectUri,
      expiresAt: new Date(expiresAt),
    });
    const authorizationUrl = this.oauth.get(provider).authorizationUrl({
      state: this.state.sign({ attemptId: attempt.id, expiresAt }),
      codeChallenge: pkce.challenge,
      redirectUri: this.redirectUri,
      loginHint: email,
    });
    return { accountId: account.id, authorizationUrl };
  }

  async complete(query: { code?: string; state?: string; error?: string; error_description?: string }): Promise<AccountDocument> {
    if (query.error) {
      throw new BadRequestException(`the provider refused the connection: ${query.error}${query.error_description ? ` (${query.error_description})` : ''}`);
    }
    if (!query.code || !query.state) throw new BadRequestException('code and state are required');
    const { attemptId } = this.state.verify(query.state);
    // Single use: the first callback consumes the attempt; a replay finds nothing.
    const consumedAt = new Date();
    const attempt = await this.attempts
      .findOneAndUpdate({ _id: attemptId, consumedAt: null, expiresAt: { $gt: new Date() } }, { $set: { consumedAt } })
      .exec();
    if (!attempt) throw new BadRequestException('this connection attempt was already used or has expired; start again');
    const account = await this.accounts.findByIdInternal(attempt.accountId);
    if (!account) throw new BadRequestException('the account of this connection attempt no longer exists');

    const verifier = this.cipher.decrypt(attempt.codeVerifierSealed, account.id);
    let tokens;
    try {
      tokens = await this.oauth.get(account.provider).exchangeCode(query.code, verifier, attempt.redirectUri);
    } catch (err) {
      if (err instanceof ProviderUnavailableError || err instanceof ProviderRateLimitError) {
        // The provider did not take the code: the attempt stays usable, so reloading the callback
        // (the same code, still unredeemed) completes the connection instead of starting over.
        await this.attempts.updateOne({ _id: attempt._id, consumedAt }, { $set: { consumedAt: null } }).exec();
        this.logger.warn(`account ${account.id}: the provider's token endpoint failed temporarily (${err.message}); the attempt stays open`);
        throw new ServiceUnavailableException({ statusCode: 503, code: 'provider_unavailable', message: 'the provider could not complete the connection right now; reload this page to try again' });
      }
      if (err instanceof ProviderError) throw new BadRequestException(`could not complete the connection: ${err.message}`);
      throw err;
    }
    if (!tokens.refreshToken) throw new BadRequestException('the provider granted no refresh token (offline access refused)');

    const updated = await this.accounts.updateByIdInternal(account.id, {
      $set: {
        status: 'connected',
        connectedAt: new Date(),
        refreshTokenSealed: this.cipher.encrypt(tokens.refreshToken, account.id),
        accessTokenSealed: this.cipher.encrypt(tokens.accessToken, account.id),
        accessTokenExpiresAt: tokens.expiresAt,
        grantedScopes: tokens.scope ?? null,
        'dashboard.lastError': null,
        revocation: null,
        disconnectedAt: null,
      },
      $inc: { tokenVersion: 1 },
      $push: pushToOutbox(
        createEvent('account.connected', { companyId: account.companyId, accountId: account.id }, {
          provider: account.provider,
          email: account.email,
          ownerUserId: account.ownerUserId,
        }),
      ),
    });
    if (updated) await this.outbox.flush(account.id);
    this.logger.log(`account ${account.id} (${account.provider}) connected`);
    if (!updated) throw new BadRequestException('the account was removed while connecting');
    return updated;
  }
}
