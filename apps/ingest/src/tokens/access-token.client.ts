import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import type { IngestConfig } from '../config/ingest-env.schema';

/** The account can no longer be used until its user reconnects it. */
export class ReconnectNeededError extends Error {
  override readonly name = 'ReconnectNeededError';
}

/** Gets access tokens from the accounts service: ingest never sees refresh tokens. */
@Injectable()
export class AccessTokenClient {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: IngestConfig) {}

  async get(accountId: string, force = false): Promise<string> {
    const url = `${this.config.ACCOUNTS_INTERNAL_URL.replace(/\/+$/, '')}/internal/accounts/${encodeURIComponent(accountId)}/access-token${force ? '?force=true' : ''}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.INTERNAL_API_TOKEN}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 409 || res.status === 404) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      throw new ReconnectNeededError(body.message ?? `account ${accountId} is not usable (${res.status})`);
    }
    if (!res.ok) throw new Error(`accounts service answered ${res.status} for an access token`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }
}
