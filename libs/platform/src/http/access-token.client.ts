import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '../config/service-config';
import { InternalApiKey } from '../internal-api/internal-api-key';
import type { InternalApiKeyEnv } from '../internal-api/internal-api-key-env.schema';

/** What a service that asks accounts for access tokens (ingest, writeback) must have in its config. */
export interface AccessTokenClientConfig extends InternalApiKeyEnv {
  ACCOUNTS_INTERNAL_URL: string;
}

/** Accounts refused to refresh (409 `reconnect_needed`: invalid_grant or revoked consent): the user must reconnect. */
export class ReconnectNeededError extends Error {
  override readonly name = 'ReconnectNeededError';
}

/** Accounts does not know the account or it is disconnected (404): the sync must stop, not ask to reconnect. */
export class AccountGoneError extends Error {
  override readonly name = 'AccountGoneError';
}

/** Accounts could not hand out a token right now (5xx, network, other 409s): retry the pass later. */
export class AccessTokenUnavailableError extends Error {
  override readonly name = 'AccessTokenUnavailableError';
}

/** Stop using a cached token this long before accounts says it expires (clock skew, slow pages). */
export const TOKEN_REUSE_MARGIN_MS = 60_000;

/**
 * Gets access tokens from the accounts service (no other service sees refresh tokens) and caches
 * each until shortly before its expiry, so callers may ask for one per page or per write.
 */
@Injectable()
export class AccessTokenClient {
  private readonly cache = new Map<string, { accessToken: string; expiresAt: number }>();

  private readonly key: InternalApiKey;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AccessTokenClientConfig) {
    this.key = new InternalApiKey(config);
  }

  async get(accountId: string, force = false): Promise<string> {
    const cached = this.cache.get(accountId);
    if (!force && cached && cached.expiresAt - TOKEN_REUSE_MARGIN_MS > Date.now()) return cached.accessToken;
    this.cache.delete(accountId);
    const url = `${this.config.ACCOUNTS_INTERNAL_URL.replace(/\/+$/, '')}/internal/accounts/${encodeURIComponent(accountId)}/access-token${force ? '?force=true' : ''}`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { authorization: this.key.authorization }, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new AccessTokenUnavailableError(`accounts service unreachable for an access token: ${(err as Error).message}`);
    }
    if (res.status === 404) throw new AccountGoneError(`account ${accountId} is gone or disconnected`);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      if (res.status === 409 && body.code === 'reconnect_needed') throw new ReconnectNeededError(body.message ?? `account ${accountId} must be reconnected`);
      throw new AccessTokenUnavailableError(`accounts service answered ${res.status} for an access token`);
    }
    const body = (await res.json()) as { accessToken: string; expiresAt?: string };
    const expiresAt = body.expiresAt ? Date.parse(body.expiresAt) : NaN;
    if (Number.isFinite(expiresAt)) this.cache.set(accountId, { accessToken: body.accessToken, expiresAt });
    return body.accessToken;
  }

  /** Drops the cached token (disconnect). */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }
}
