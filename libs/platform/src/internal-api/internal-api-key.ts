import { ReloadingSecret } from '../secrets/reloading-secret';
import { parseInternalKey } from './internal-api-credentials';
import type { InternalApiKeyEnv } from './internal-api-key-env.schema';

/**
 * This service's credential for other services' internal APIs. From a file it is re-read when it
 * changes, so a rotated key is used without a restart (the called services accept both meanwhile).
 */
export class InternalApiKey {
  private readonly key: ReloadingSecret<string>;

  constructor(config: InternalApiKeyEnv) {
    this.key = new ReloadingSecret('INTERNAL_API_KEY', { inline: config.INTERNAL_API_KEY, file: config.INTERNAL_API_KEY_FILE }, parseInternalKey);
  }

  /** The `authorization` header value. */
  get authorization(): string {
    return `Bearer ${this.key.current}`;
  }
}
