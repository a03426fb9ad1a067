import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { Metrics, RequestBudget, SERVICE_CONFIG, WindowCounter, type AcquireOptions, type WindowCounterDocument } from '@contact-sync/platform';
import type { ProviderKind } from '@contact-sync/contact-model';
import type { IngestConfig } from '../config/ingest-env.schema';

/** Registered under this name; the collection is `provider_budget_windows`. */
export const PROVIDER_BUDGET_WINDOW = 'ProviderBudgetWindow';

/**
 * Provider read requests per (provider, company) per window, shared by every ingest replica, so
 * one company's syncs cannot spend the Google project's quota (or a mailbox's Graph budget) that
 * every other company shares. Over budget, the pass waits for the next window holding its lease:
 * a throttled sync finishes later with everything, it never fails or starts over.
 */
@Injectable()
export class ProviderBudget {
  private readonly logger = new Logger(ProviderBudget.name);
  private readonly budget: RequestBudget;
  private readonly waits: Counter<'provider'>;

  constructor(@InjectModel(PROVIDER_BUDGET_WINDOW) model: Model<WindowCounterDocument>, @Inject(SERVICE_CONFIG) config: IngestConfig, metrics: Metrics) {
    this.budget = new RequestBudget(new WindowCounter(model), { limit: config.PROVIDER_BUDGET_REQUESTS, windowMs: config.PROVIDER_BUDGET_WINDOW_SECONDS * 1000 });
    this.waits = new Counter({
      name: 'contact_sync_provider_budget_waits_total',
      help: "Provider requests a sync pass had to delay because its company's provider budget for the window was spent, by provider.",
      labelNames: ['provider'] as const,
      registers: [metrics.registry],
    });
  }

  /** Takes one provider request of the company's budget, waiting (with `checkpoint` between slices) while it is spent. */
  acquire(provider: ProviderKind, companyId: string, accountId: string, checkpoint: AcquireOptions['checkpoint']): Promise<void> {
    return this.budget.acquire(`${provider}|${companyId}`, {
      checkpoint,
      onWait: (wait) => {
        if (!wait.first) return;
        this.waits.inc({ provider });
        this.logger.log(`provider budget spent: ${provider} company ${companyId}; sync ${accountId} waits until ${new Date(wait.untilMs).toISOString()}`);
      },
    });
  }
}
