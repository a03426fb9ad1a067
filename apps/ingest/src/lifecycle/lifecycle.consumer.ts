import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AccessTokenClient, type ConsumedBatch, EventConsumerRunner, topicFor } from '@contact-sync/platform';
import type { EventsOnTopic } from '@contact-sync/events';
import { SyncStateRepository } from '../state/sync-state.repository';
import { QuarantineRepository } from '../quarantine/quarantine.repository';
import { ShadowRepository } from '../shadow/shadow.repository';
import { HeldDeletionsService } from '../sync/held-deletions.service';

/** Account lifecycle → sync state transitions. Runs happen in the scheduler, never in this handler. */
@Controller()
export class LifecycleConsumer {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly states: SyncStateRepository,
    private readonly shadows: ShadowRepository,
    private readonly held: HeldDeletionsService,
    private readonly tokens: AccessTokenClient,
    private readonly quarantine: QuarantineRepository,
  ) {}

  @EventPattern(topicFor('accountLifecycle'))
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.runner.each('accountLifecycle', batch, (event) => this.apply(event));
  }

  private async apply(event: EventsOnTopic<'accountLifecycle'>): Promise<void> {
    const accountId = event.accountId;
    switch (event.type) {
      case 'sync.configured':
        // Also fences a running pass: its later writes are refused.
        await this.states.configure(accountId, event.companyId, event.payload.config, event.payload.configVersion);
        return;
      case 'sync.deletions-decided':
        await this.held.decide(accountId, event.payload.decision, event.payload.heldRunId);
        return;
      case 'sync.refresh-requested':
        await this.states.requestRun(accountId, event.payload.full ? 'full' : 'incremental');
        return;
      case 'account.connected':
        // A reconnect resumes a sync that was waiting for it.
        await this.states.requestRun(accountId, 'incremental');
        return;
      case 'sync.paused':
        return this.states.pause(accountId);
      case 'account.disconnected':
        await this.states.disconnect(accountId);
        this.tokens.forget(accountId);
        await this.quarantine.deleteAccount(accountId);
        return this.shadows.deleteAccount(accountId);
    }
  }
}
