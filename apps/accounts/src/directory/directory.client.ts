import { ForbiddenException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { userAccessSchema, type UserAccess } from '@contact-sync/contact-model';
import { InternalApiKey, SERVICE_CONFIG, type Actor } from '@contact-sync/platform';
import type { AccountsConfig } from '../config/accounts-env.schema';

const TIMEOUT_MS = 5_000;

/**
 * Reads the acting user's permissions and company plan from the company directory, which the
 * contacts service owns. Asked on every gated request (no cache): a revoked permission applies at once.
 */
@Injectable()
export class DirectoryClient {
  private readonly logger = new Logger(DirectoryClient.name);

  private readonly key: InternalApiKey;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AccountsConfig) {
    this.key = new InternalApiKey(config);
  }

  async access(actor: Actor): Promise<UserAccess> {
    const base = this.config.CONTACTS_INTERNAL_URL.replace(/\/+$/, '');
    const url = `${base}/internal/directory/companies/${encodeURIComponent(actor.companyId)}/users/${encodeURIComponent(actor.userId)}/access`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: this.key.authorization }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      this.logger.warn(`directory lookup failed: ${err instanceof Error ? err.message : String(err)}`);
      throw new ServiceUnavailableException('the company directory is unavailable; try again shortly');
    }
    if (res.status === 404) throw new ForbiddenException(`user ${actor.userId} is not in the directory of company ${actor.companyId}`);
    if (!res.ok) {
      this.logger.warn(`directory lookup answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      throw new ServiceUnavailableException('the company directory is unavailable; try again shortly');
    }
    const parsed = userAccessSchema.safeParse(await res.json());
    if (!parsed.success) {
      this.logger.error(`directory answered an unexpected shape: ${parsed.error.message}`);
      throw new ServiceUnavailableException('the company directory answered unexpectedly');
    }
    return parsed.data;
  }
}
