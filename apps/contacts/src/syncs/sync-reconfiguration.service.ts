import { Injectable, Logger } from '@nestjs/common';
import type { SyncConfig } from '@contact-sync/events';
import { PersonRepository } from '../persons/person.repository';
import { SyncConfigRepository } from './sync-config.repository';

/**
 * Makes a re-configuration reach the persons already synced: records the configuration, re-stamps
 * the visibility of every person of the sync, then reports the version as applied (the dashboard's
 * "applied" waits for this). Redelivery is safe: each step is idempotent, and an older
 * configuration than the one recorded changes nothing.
 */
@Injectable()
export class SyncReconfigurationService {
  private readonly logger = new Logger(SyncReconfigurationService.name);

  constructor(
    private readonly configs: SyncConfigRepository,
    private readonly persons: PersonRepository,
  ) {}

  async apply(accountId: string, configVersion: number, config: SyncConfig, companyId: string | null = null): Promise<void> {
    const { visibility } = config;
    if (!(await this.configs.record(accountId, configVersion, config, companyId))) {
      this.logger.log(`account ${accountId}: configuration ${configVersion} is older than the one applied; ignored`);
      return;
    }
    const restamped = await this.persons.restampVisibility(accountId, visibility);
    await this.configs.markApplied(accountId, configVersion);
    if (restamped > 0) this.logger.log(`account ${accountId}: configuration ${configVersion} re-stamped ${restamped} persons as ${visibility}`);
  }
}
