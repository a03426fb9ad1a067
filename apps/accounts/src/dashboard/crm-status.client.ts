import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYNC_CRM_STATUS_PATH, syncCrmStatusSchema, tolerantSchema, type SyncCrmStatus } from '@contact-sync/events';
import { InternalApiKey, SERVICE_CONFIG } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';

const TIMEOUT_MS = 3_000;

/** Reads what the CRM holds for a sync, live from contacts; null when contacts cannot say (never stale numbers). */
@Injectable()
export class CrmStatusClient {
  private readonly logger = new Logger(CrmStatusClient.name);

  private readonly key: InternalApiKey;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AccountsConfig) {
    this.key = new InternalApiKey(config);
  }

  async status(accountId: string): Promise<SyncCrmStatus | null> {
    const url = `${this.config.CONTACTS_INTERNAL_URL.replace(/\/+$/, '')}${SYNC_CRM_STATUS_PATH(accountId)}`;
    try {
      const res = await fetch(url, { headers: { authorization: this.key.authorization }, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) {
        this.logger.warn(`crm status of ${accountId} answered ${res.status}`);
        return null;
      }
      // Tolerant, as event consumers: a newer contacts may add fields during a rolling deploy.
      const parsed = tolerantSchema(syncCrmStatusSchema).safeParse(await res.json());
      if (!parsed.success) {
        this.logger.error(`crm status of ${accountId} has an unexpected shape: ${parsed.error.message}`);
        return null;
      }
      return parsed.data;
    } catch (err) {
      this.logger.warn(`crm status of ${accountId} unavailable: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }
}
