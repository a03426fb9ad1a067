import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@contact-sync/platform';
import { ShadowRepository } from '../shadow/shadow.repository';
import { SyncStateRepository } from '../state/sync-state.repository';
import { changeEvents } from './change-events';

/**
 * The user's answer to a held mass deletion. `confirm` publishes the held deletions (with fresh
 * sequences) and removes them from the shadow; `reject` keeps the persons and marks the contacts
 * `kept`, so later passes do not ask about them again. Both make the sync idle and due at once, and
 * an answer about another run (stale question) is ignored. Safe to redeliver: every step is
 * idempotent and the state moves on only after the last one.
 */
@Injectable()
export class HeldDeletionsService {
  private readonly logger = new Logger(HeldDeletionsService.name);

  constructor(
    private readonly states: SyncStateRepository,
    private readonly shadows: ShadowRepository,
    private readonly events: EventPublisher,
  ) {}

  async decide(accountId: string, decision: 'confirm' | 'reject', heldRunId: string): Promise<boolean> {
    const found = await this.states.findHeld(accountId, heldRunId);
    if (!found) {
      this.logger.log(`account ${accountId}: deletion decision for run ${heldRunId} ignored (not held)`);
      return false;
    }
    const { state, held } = found;
    const ids = held.items.map((i) => i.externalId);
    if (decision === 'confirm' && held.items.length > 0) {
      const first = await this.states.reserveHeldSequences(accountId, heldRunId, held.items.length);
      if (first === null) return false;
      const ctx = { companyId: state.companyId, accountId, config: state.config, configVersion: state.configVersion, syncRunId: heldRunId };
      const { events } = changeEvents(ctx, held.items.map((i) => ({ kind: 'delete' as const, ...i })), first);
      await this.events.publish(...events);
      await this.shadows.apply(accountId, { inserts: [], updates: [], deletes: ids });
    } else if (decision === 'reject') {
      await this.shadows.markKept(accountId, ids);
    }
    return this.states.resolveHeld(accountId, heldRunId);
  }
}
