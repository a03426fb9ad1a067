import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { SERVICE_CONFIG } from '../config/service-config';
import { Metrics } from '../metrics/metrics';
import { RequestBudget, type AcquireOptions } from './request-budget';
import { WindowCounter, type WindowCounterDocument } from './window-counter';

/** Registered under this name by the services that call providers; the collection is `provider_budget_windows`. */
export const PROVIDER_BUDGET_WINDOW = 'ProviderBudgetWindow';

export interface ProviderBudgetConfig {
  PROVIDER_BUDGET_REQUESTS: number;
  PROVIDER_BUDGET_WINDOW_SECONDS: number;
}

/**
 * Provider requests per (provider, company) per window, shared by every replica of the service
 * (ingest's reads and writeback's writes each have their own), so one company cannot spend the
 * Google project's quota (or a mailbox's Graph budget) every other company shares. Over budget the
 * caller waits for the next window, holding its lease: the work finishes later with everything,
 * it is never failed, dropped or started over.
 */
@Injectable()
export class ProviderBudget {
  private readonly logger = new Logger(ProviderBudget.name);
  private readonly budget: RequestBudget;
  private readonly waits: Counter<'provider'>;

  constructor(@InjectModel(PROVIDER_BUDGET_WINDOW) model: Model<WindowCounterDocument>, @Inject(SERVICE_CONFIG) config: ProviderBudgetConfig, metrics: Metrics) {
    this.budget = new RequestBudget(new WindowCounter(model), { limit: config.PROVIDER_BUDGET_REQUESTS, windowMs: config.PROVIDER_BUDGET_WINDOW_SECONDS * 1000 });
    this.waits = new Counter({
      name: 'contact_sync_provider_budget_waits_total',
      help: "Provider requests delayed because the company's provider budget for the window was spent, by provider.",
      labelNames: ['provider'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * Takes one provider request of the company's budget, waiting (with `checkpoint` between slices)
   * while it is spent; `waiting` names what waits in the log ("sync …", "writes of account …").
   */
  acquire(provider: string, companyId: string, waiting: string, checkpoint: AcquireOptions['checkpoint']): Promise<void> {
    return this.budget.acquire(`${provider}|${companyId}`, {
      checkpoint,
      onWait: (wait) => {
        if (!wait.first) return;
        this.waits.inc({ provider });
        this.logger.log(`provider budget spent: ${provider} company ${companyId}; ${waiting} waits until ${new Date(wait.untilMs).toISOString()}`);
      },
    });
  }
}
